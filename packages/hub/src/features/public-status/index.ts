/** The ticket's status and rating on the public edge (issue 17): views, ratings, the link. */
export { PublicStatusLink, type PublicStatusLinkOptions } from './public-status-link.js';
export { ticketKey } from './public-view.js';
