import { NO_ATTACHMENT, pluginEnv } from './runtime-conf';

describe('pluginEnv', () => {
  it('sets all six CNI_* variables over the caller environment, empty where unused', () => {
    const env = pluginEnv({ PATH: '/bin', CNI_COMMAND: 'stale' }, 'GC', NO_ATTACHMENT, ['/a', '/b']);
    expect(env).toEqual({ PATH: '/bin', CNI_COMMAND: 'GC', CNI_CONTAINERID: '', CNI_NETNS: '', CNI_ARGS: '', CNI_IFNAME: '', CNI_PATH: '/a:/b' });
  });
});
