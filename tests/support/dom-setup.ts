import { configure } from '@testing-library/react';

/*
 * The renderer tests (jsdom). Testing Library's `findBy…` and `waitFor` give up after 1 s by
 * default: a render, a lazy chunk or a fake hub's answer can take longer than that on a loaded
 * 2-core machine (CI, or several test workers at once). They return as soon as what they wait
 * for is there, so a generous bound costs nothing when all is well.
 */
configure({ asyncUtilTimeout: 10_000 });
