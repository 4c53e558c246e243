import './public.css';
import { start } from './public.js';

// The page's entry: 阳光政务 polls the region's figures of every hall and shows them.
start(document, window.location.search);
