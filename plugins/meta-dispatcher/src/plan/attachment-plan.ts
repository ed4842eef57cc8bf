// The plan is what the checkpoint records, so its types live with the checkpoint format in @plexus/checkpoint.
export type { AttachmentPlan, DanmReservation, MultiNicReservation, PlannedAttachment, Reservation } from '@plexus/checkpoint';
