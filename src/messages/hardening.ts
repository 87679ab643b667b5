import { defineMessages } from './define';

/** Issue 13 §4 hardening: the account's stored language, start-up checks. */
export const hardeningMessages = defineMessages({
  'account.languageStored': { zh: '短信与电子邮件通知使用：{language}。', en: 'Your SMS and e-mail notices are in: {language}.' },
  'account.languageName.zh': { zh: '简体中文', en: 'Chinese' },
  'account.languageName.en': { zh: '英文', en: 'English' },
  'account.languageSaved': { zh: '语言已保存，之后的通知将使用简体中文。', en: 'Language saved: your notices will now be in English.' },
});
