import { createAdminApi } from '../admin-api.ts';
import { Admin } from '../components/Admin.tsx';
import { settingsMessages } from '../messages/settings.ts';
import { whyMessages } from '../messages/why.ts';
import { createAdmin } from '../models/admin.ts';
import { settingsWidget } from './settings-widget.tsx';

/** The settings messages and the trace's, in each language either has. */
const messages = Object.fromEntries(
  [...new Set([...Object.keys(settingsMessages), ...Object.keys(whyMessages)])].map((language) => [
    language,
    { ...settingsMessages[language], ...whyMessages[language] },
  ]),
);

/** `<stockbell-admin>`: global settings, role defaults, shared endpoints, the delivery log, and "why not?" for anyone. */
export const AdminWidget = settingsWidget((baseUrl) => createAdmin(createAdminApi(baseUrl)), Admin, 'sb-admin', messages);
