/** What one member account and region already has of AWS Config (preflight's finding). */
export interface RecorderState {
  recorderName?: string;
  deliveryChannelName?: string;
}
