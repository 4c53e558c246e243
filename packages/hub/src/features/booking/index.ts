/** Booking from the phone through the public edge (issue 17): slots, decisions, the link. */
export { BookingLink, startBookingLink, type BookingLinkOptions } from './booking-link.js';
export { decideBookingRequest } from './decide.js';
export { openSlots, slotStarts, bookableDays, isOpenSlot } from './slots.js';
export { bookChange, bookDay } from './console-book.js';
