/**
 * The shapes the Stockbell HTTP and WebSocket API speaks (PRODUCT §5), as the browser sees them:
 * the server's contract, imported for its types only (nothing of the server enters the bundle).
 */
export type {
  AdminSettings,
  AdminSettingsPatch,
  Alert,
  CellSource,
  CreatedEndpoint,
  Delivery,
  DeliveryPage,
  PausedDestination,
  RetryDeadBody,
  DeliveryState as DeliveryStatus,
  EmailMode,
  EmailSettings,
  Endpoint,
  EndpointChannel,
  Frame,
  GeneralSettings,
  KindInfo,
  NewEndpoint,
  Notification,
  NotificationPage,
  NotificationState,
  Preferences,
  PreferencesPatch,
  QuietHours,
  SnoozeBody,
  SnoozePreset,
  RoleInfo,
  SubscriptionItem,
  SubscriptionKind,
  SubscriptionSource,
  SubscriptionState,
  TestResult,
} from '../server/contract/index.ts';
export type { Cell as MatrixCell, CellSwitch as CellChange } from '../server/contract/index.ts';
