/**
 * The admin console's entry points used by src/admin/routes.tsx. The dashboard itself lives in ./dashboard.ts,
 * the capacity overview in ./capacity.ts and the reports in ./reports.ts, ./report-lounges.ts and
 * ./report-satisfaction.ts.
 */
export { getAdminOverview, type AdminOverview, type LoungeNow, type TodaysEvent } from './dashboard';
