import './public.css';
import { startRemote } from './remote.js';

// The remote-number page's entry: the form; the request's own page is the region's /public/r/….
startRemote(document, window.location);
