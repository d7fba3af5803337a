import { FetchError } from '../errors';
import { forbiddenRange, resolveAllowed } from './address-guard';

describe('address guard', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.0.10', 'private'],
    ['169.254.169.254', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fd00::1', 'unique-local'],
    ['fe80::1', 'link-local'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:127.0.0.1', 'loopback'],
  ])('%s is %s', (address, range) => expect(forbiddenRange(address)).toBe(range));

  it.each(['23.36.0.1', '172.32.0.1', '2600:1400::1', '::ffff:8.8.8.8'])('%s is public', (a) =>
    expect(forbiddenRange(a)).toBeNull(),
  );

  it('refuses a name when any of its addresses is private, even next to a public one', async () => {
    const resolver = async () => [
      { address: '23.36.0.1', family: 4 as const },
      { address: '10.0.0.5', family: 4 as const },
    ];
    await expect(resolveAllowed('www.ice.gov', [], resolver)).rejects.toThrow(
      /host www\.ice\.gov resolves to 10\.0\.0\.5, a private address/,
    );
    await expect(resolveAllowed('www.ice.gov', ['10.0.0.5'], resolver)).resolves.toHaveLength(2);
  });

  it('checks IP literals without DNS and names a failed look-up', async () => {
    await expect(resolveAllowed('[::1]', [])).rejects.toBeInstanceOf(FetchError);
    await expect(resolveAllowed('127.0.0.1', ['127.0.0.1'])).resolves.toEqual([
      { address: '127.0.0.1', family: 4 },
    ]);
    const failing = async () => {
      throw new Error('getaddrinfo ENOTFOUND');
    };
    await expect(resolveAllowed('nowhere.invalid', [], failing)).rejects.toThrow(
      /cannot resolve host nowhere\.invalid/,
    );
  });

  it('resolves localhost through the system resolver and refuses it', async () => {
    await expect(resolveAllowed('localhost', [])).rejects.toThrow(/resolves to .*loopback address/);
  });
});
