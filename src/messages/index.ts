import { auth } from './auth';
import { clubAdminMessages } from './club-admin';
import { clubMessages } from './clubs';
import { inboxMessages } from './inbox';
import { loungeMessages } from './lounges';
import { deskMessages } from './desk';
import { loungeAdminMessages } from './lounge-admin';
import { rosterMessages } from './roster';
import { common } from './common';
import { eventMessages } from './events';
import { eventDeskMessages } from './event-desk';
import { doorAndWordingMessages } from './door-and-wording';
import { feedbackMessages } from './feedback';
import { outboxMessages } from './outbox';
import { adminMemberMessages } from './admin-members';
import { adminImportMessages } from './admin-import';
import { adminReportMessages } from './admin-reports';
import { adminAuditMessages } from './admin-audit';
import { auditWordsMessages } from './audit-words';
import { member } from './member';
import { frontMessages } from './front';
import { sections } from './sections';
import { hardeningMessages } from './hardening';
import { wordingMessages } from './wording';
import { textLimitMessages } from './text-limits';

/** Every string the UI shows, in both languages. Grouped by area; keys are unique across groups. */
export const messages = { ...common, ...auth, ...member, ...sections, ...clubMessages, ...rosterMessages, ...inboxMessages, ...clubAdminMessages, ...eventMessages, ...eventDeskMessages, ...loungeMessages, ...deskMessages, ...loungeAdminMessages, ...feedbackMessages, ...outboxMessages, ...adminMemberMessages, ...adminImportMessages, ...adminReportMessages, ...adminAuditMessages, ...auditWordsMessages, ...frontMessages, ...doorAndWordingMessages, ...hardeningMessages, ...wordingMessages, ...textLimitMessages };

export type MessageKey = keyof typeof messages;
