import { readBundleMarker } from './bundle-marker';
import { defaultFromDir } from './paths';
import { parseAboutVersion } from './plugin-version';
import { formatInstalledTable } from './report';
import { parsePluginList } from './select-plugins';

describe('readBundleMarker', () => {
  it('reads the name from the second line of a Plexus bundle only', () => {
    expect(readBundleMarker('#!/usr/bin/env node\n// plexus-plugin-api:1 static-ipam\n"use strict";')).toBe('static-ipam');
    expect(readBundleMarker(Buffer.from('#!/usr/bin/env node\n// plexus-plugin-api:1 x\n'))).toBe('x');
    expect(readBundleMarker('// plexus-plugin-api:1 x\n')).toBeUndefined();
    expect(readBundleMarker('#!/bin/sh\necho hi\n')).toBeUndefined();
    expect(readBundleMarker(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2]))).toBeUndefined();
  });
});

describe('parsePluginList', () => {
  it('splits names, keeps "all", refuses empty and path-like names', () => {
    expect(parsePluginList('static-ipam, route-injector,static-ipam')).toEqual(['static-ipam', 'route-injector']);
    expect(parsePluginList('all')).toBe('all');
    expect(() => parsePluginList('a,,b')).toThrow('comma-separated');
    expect(() => parsePluginList('../bridge')).toThrow('"../bridge" is not a plugin name');
    expect(() => parsePluginList('.plexus-installed.json')).toThrow('not a plugin name');
  });
});

describe('parseAboutVersion', () => {
  it('reads Go and Plexus about lines', () => {
    expect(parseAboutVersion('CNI static plugin version v1.1.1\nCNI protocol versions supported: 0.1.0\n')).toBe('v1.1.1');
    expect(parseAboutVersion('CNI static-ipam plugin 0.1.0 (Plexus)\n')).toBe('0.1.0');
    expect(parseAboutVersion('CNI static plugin version unknown\n')).toBeUndefined();
    expect(parseAboutVersion('CNI x plugin version unknown (Plexus)\n')).toBeUndefined();
    expect(parseAboutVersion('')).toBeUndefined();
  });
});

describe('defaultFromDir', () => {
  it('finds dist/bin next to the bundle and from the sources', () => {
    expect(defaultFromDir('/repo/dist/tools', '/cwd')).toBe('/repo/dist/bin');
    expect(defaultFromDir('/repo/tools/src/cli', '/cwd')).toBe('/repo/dist/bin');
    expect(defaultFromDir('/usr/local/bin', '/cwd')).toBe('/cwd/dist/bin');
  });
});

describe('formatInstalledTable', () => {
  it('aligns columns', () => {
    const text = formatInstalledTable([
      { name: 'static-ipam', state: 'ok', version: '0.1.0', sha256: 'a'.repeat(64), installedAt: 't1' },
      { name: 'x', state: 'unmanaged', sha256: 'b'.repeat(64) },
    ]);
    expect(text.split('\n')).toEqual([
      'NAME         VERSION  STATE      SHA256        INSTALLED',
      'static-ipam  0.1.0    ok         aaaaaaaaaaaa  t1',
      'x            -        unmanaged  bbbbbbbbbbbb  -',
      '',
    ]);
    expect(formatInstalledTable([])).toBe('no Plexus plugins installed\n');
  });
});
