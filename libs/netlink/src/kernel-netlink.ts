import { KernelScope } from './kernel-scope';
import type { NetnsKernel } from './netns-kernel';
import type { TestNetlink, TestNetnsScope } from './test-netlink';

/**
 * KernelNetlink is the root every Netlink shares (iproute2 and the fake alike): it only hands out scopes over its
 * kernel, so choosing the host is a call (`host()`), never a missing argument.
 */
export abstract class KernelNetlink<K extends NetnsKernel = NetnsKernel> implements TestNetlink {
  protected constructor(protected readonly kernel: K) {}

  host(): TestNetnsScope {
    return new KernelScope(this.kernel, undefined);
  }

  pod(path: string): TestNetnsScope {
    return new KernelScope(this.kernel, path);
  }

  checkNetns(path: string): Promise<void> {
    return this.kernel.checkNetns(path);
  }
}
