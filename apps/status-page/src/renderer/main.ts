import './status.css';
import { start } from './status.js';

// The page's entry (built into status.js): the page at /t/<token> polls /t/<token>.json.
start(document, location.pathname);
