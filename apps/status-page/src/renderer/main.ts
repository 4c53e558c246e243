import './status.css';
import { start, startRating } from './status.js';

// The page's entry (built into status.js): the page at /t/<token> polls /t/<token>.json.
start(document, location.pathname);
startRating(document, location.pathname);
