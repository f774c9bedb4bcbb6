/** Loaded when the first `<stockbell-admin>` connects: the administrators' widget, models and styles. */
import adminCss from '../styles/admin.css?inline';
import formsCss from '../styles/forms.css?inline';
import traceCss from '../styles/trace.css?inline';

export const styles = formsCss + adminCss + traceCss;
export { type AdminApi, createAdminApi } from '../admin-api.ts';
export { Admin } from '../components/Admin.tsx';
export { type AdminModel, createAdmin } from '../models/admin.ts';
export { createDeliveryLog, type DeliveryLogModel } from '../models/deliveries.ts';
export { AdminWidget as Widget } from '../widgets/AdminWidget.tsx';
