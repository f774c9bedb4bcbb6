import { createAdminApi } from '../admin-api.ts';
import { Admin } from '../components/Admin.tsx';
import { createAdmin } from '../models/admin.ts';
import { settingsWidget } from './settings-widget.tsx';

/** `<stockbell-admin>`: global settings, role defaults, shared endpoints and the delivery log. */
export const AdminWidget = settingsWidget((baseUrl) => createAdmin(createAdminApi(baseUrl)), Admin, 'sb-admin');
