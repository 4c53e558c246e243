import type { I18nText } from '../../domain/types.js';

/** The pages the hub serves itself (before an app's page is built). */
export const HUB_TEXTS = {
  'hub.pageNotBuilt': {
    zh: '中枢已在运行，但此页面的应用尚未构建。请构建应用后刷新本页。',
    en: "The hub is running, but this page's app has not been built yet. Build the app, then reload this page.",
  },
} as const satisfies Record<string, I18nText>;
