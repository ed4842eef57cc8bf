import type { FileStore } from '@plexus/store';

/** Where device plugins write device information (NPWG device-info spec), and Multus reads it. */
export const DP_DEVICE_INFO_DIR = '/var/run/k8s.cni.cncf.io/devinfo/dp';

/** A network-status `device-info` object (NPWG device-info spec); printed as the device plugin wrote it. */
export type DeviceInfo = Record<string, unknown>;

const PCI_ADDRESS = /^[0-9a-fA-F]{4}:[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\.[0-7]$/;

/**
 * readDeviceInfo returns the device information for one allocated device: the device plugin's file
 * `<dir>/<resource with "/" as "-">-<deviceID>-device.json` when it wrote one (what Multus copies into
 * network-status); otherwise, for a PCI address, the minimal `{type: "pci", version: "1.1.0", pci: {pci-address}}`;
 * otherwise nothing. An unreadable or non-object file is skipped (status is informational, never fatal).
 */
export async function readDeviceInfo(files: FileStore, resourceName: string, deviceId: string, dir = DP_DEVICE_INFO_DIR): Promise<DeviceInfo | undefined> {
  const path = `${dir}/${resourceName.replace(/\//g, '-')}-${deviceId}-device.json`;
  try {
    if (deviceId.includes('/')) throw new Error('a device ID with "/" names no file');
    const text = await files.read(path);
    if (text !== undefined) {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as DeviceInfo;
    }
  } catch {
    // Fall through to what the device ID itself tells.
  }
  return PCI_ADDRESS.test(deviceId) ? { type: 'pci', version: '1.1.0', pci: { 'pci-address': deviceId } } : undefined;
}
