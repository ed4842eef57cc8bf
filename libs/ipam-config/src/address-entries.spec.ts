import { readAddressEntries, resolveAddressEntry } from './address-entries';

describe('readAddressEntries', () => {
  it('parses gateways now and keeps addresses as text', () => {
    expect(readAddressEntries([{ address: 'not-yet-checked', gateway: '::ffff:10.0.0.1' }, { address: 'fd00::5/64', gateway: '' }], 'ipam.addresses')).toEqual([
      { text: 'not-yet-checked', field: 'ipam.addresses[0].address', gateway: '10.0.0.1' },
      { text: 'fd00::5/64', field: 'ipam.addresses[1].address' },
    ]);
    expect(readAddressEntries(null, 'ipam.addresses')).toEqual([]);
  });

  it('names a bad gateway or a non-object entry', () => {
    expect(() => readAddressEntries([{ address: '10.0.0.5/24', gateway: '10.0.0' }], 'ipam.addresses')).toThrow('invalid ipam.addresses[0].gateway');
    expect(() => readAddressEntries(['10.0.0.5/24'], 'ipam.addresses')).toThrow('invalid ipam.addresses[0]');
  });
});

describe('resolveAddressEntry', () => {
  it('parses the address and keeps the gateway', () => {
    expect(resolveAddressEntry({ text: '10.0.0.5/24', field: 'f', gateway: '10.0.0.1' })).toEqual({ address: '10.0.0.5/24', family: 4, gateway: '10.0.0.1', field: 'f' });
  });
  it('refuses a missing prefix, naming the field', () => {
    expect(() => resolveAddressEntry({ text: '', field: 'ipam.addresses[0].address' })).toThrow('invalid ipam.addresses[0].address');
  });
});
