import './public.css';
import { startBooking } from './booking.js';

// The booking page's entry: the form, or (with #t=… in the address) the booking of that link.
startBooking(document, window.location);
