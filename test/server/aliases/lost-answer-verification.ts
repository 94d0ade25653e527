/**
 * A fake platform whose setup-session card verification reaches it (authorised there) while its
 * answer is lost on the way back: the attempt stays a `draft` flagged for the reconciler, whose
 * query then finds it authorised (STATUS 5), and the verification's cancel (DES) is answered 6.
 * For the tests of a verification under way with no answer (reviews r1465–r1467).
 */
import type { DatabaseKind } from '../../support/databases.ts';
import { appWithFakePlatform, platformAnswer } from '../feedback/fake-platform.ts';

export function lostAnswerVerification(kind: DatabaseKind, payId: string) {
  /** ORDERIDs of the verification orders sent. */
  const orders: string[] = [];
  const fake = appWithFakePlatform(kind, (path, form) => {
    if (path.includes('orderdirect')) {
      orders.push(form.ORDERID!);
      throw new Error('socket hang up (simulated: the answer is lost)');
    }
    if (path.includes('maintenancedirect')) return platformAnswer({ orderID: '', PAYID: payId, PAYIDSUB: '1', STATUS: '6', amount: '1' });
    return platformAnswer({
      orderID: form.ORDERID ?? '',
      PAYID: payId,
      ACCEPTANCE: 'test123',
      STATUS: '5',
      amount: '1',
      PM: 'CreditCard',
      BRAND: 'VISA',
    });
  });
  return { orders, fake };
}
