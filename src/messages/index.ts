import { auth } from './auth';
import { common } from './common';
import { member } from './member';
import { sections } from './sections';

/** Every string the UI shows, in both languages. Grouped by area; keys are unique across groups. */
export const messages = { ...common, ...auth, ...member, ...sections };

export type MessageKey = keyof typeof messages;
