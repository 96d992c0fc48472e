/**
 * Shipments and returns end to end in real Chromium against the real stack
 * (issue 19): a paid order of two lines ships in two parcels, each with its
 * own tracking number, both delivered; the customer sees both tracking
 * numbers and returns one unit; the admin approves and receives it with
 * restock, and the refund shows on the customer's order page.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { formatMoney } from '../../client/src/money.ts';
import {
  adminApi,
  adminSession,
  apiCustomer,
  baseUrl,
  browserPerFile,
  checkoutViaApi,
  HOME_ADDRESS,
  paymentSection,
  screenshot,
  signInWithSession,
  signOutThroughUi,
  statusBadges,
  variantId,
} from './helpers.ts';

const newPage = browserPerFile();

const KETTLE = 'Gooseneck Kettle';
const SKILLET = 'Cast Iron Skillet';

async function openOrder(page: Page, path: string, id: number): Promise<void> {
  await page.goto(`${baseUrl()}${path}/${id}`);
  await page.getByRole('heading', { level: 1, name: `Order #${id}` }).waitFor();
}

/** Ships every unit still to ship of `line` (and none of the other lines) under one tracking number. */
async function shipLine(page: Page, line: string, other: string | null, trackingNumber: string): Promise<void> {
  const ship = page.getByRole('form', { name: 'Ship', exact: true });
  if (other) await ship.getByLabel(`${other}: units to ship`).fill('0');
  expect(await ship.getByLabel(`${line}: units to ship`).inputValue()).not.toBe('0');
  await ship.getByLabel('Carrier').fill('DHL');
  await ship.getByLabel('Tracking number').fill(trackingNumber);
  await ship.getByRole('button', { name: 'Ship', exact: true }).click();
  await page.getByRole('listitem', { name: `Shipment ${trackingNumber}` }).waitFor();
}

describe('shipments and returns', () => {
  it('ships a paid order in two parcels, delivers both, and refunds a returned unit the admin restocks', async () => {
    const customer = await apiCustomer('Lise Meitner');
    await customer.api.cart.add.mutate({ variantId: await variantId(KETTLE), quantity: 2 });
    await customer.api.cart.add.mutate({ variantId: await variantId(SKILLET), quantity: 1 });
    const order = await checkoutViaApi(customer.api, { shipTo: { address: HOME_ADDRESS } });
    const staff = await adminApi();
    await staff.payments.record.mutate({ orderId: order.id, amountCents: order.totalCents, reference: 'BANK-19' });
    const first = `TRK-${order.id}-A`;
    const second = `TRK-${order.id}-B`;

    const page = await newPage();
    await signInWithSession(page, await adminSession());
    await openOrder(page, '/admin/orders', order.id);
    await shipLine(page, KETTLE, SKILLET, first);
    await statusBadges(page).getByText('Partly shipped', { exact: true }).waitFor();
    // The kettles are all in the first parcel: only the skillet is left to ship.
    expect(await page.getByLabel(`${KETTLE}: units to ship`).count()).toBe(0);
    await page.getByRole('button', { name: 'Cancel unshipped remainder' }).waitFor();
    await shipLine(page, SKILLET, null, second);
    await statusBadges(page).getByText('Shipped', { exact: true }).waitFor();
    expect(await page.getByRole('form', { name: 'Ship', exact: true }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Cancel unshipped remainder' }).count()).toBe(0);
    await page.getByRole('button', { name: `Mark delivered: ${first}` }).click();
    await statusBadges(page).getByText('Partly delivered', { exact: true }).waitFor();
    await page.getByRole('button', { name: `Mark delivered: ${second}` }).click();
    await statusBadges(page).getByText('Delivered', { exact: true }).waitFor();
    await statusBadges(page).getByText('Completed', { exact: true }).waitFor();
    await screenshot(page, 'admin-order-shipments');
    await signOutThroughUi(page);

    await signInWithSession(page, customer);
    await openOrder(page, '/orders', order.id);
    const shipments = page.getByRole('region', { name: 'Shipments' });
    for (const trackingNumber of [first, second]) {
      const parcel = shipments.getByRole('listitem', { name: `Shipment ${trackingNumber}` });
      await parcel.getByText(trackingNumber, { exact: true }).waitFor();
      await parcel.getByText('Delivered', { exact: true }).waitFor();
    }
    const request = page.getByRole('form', { name: 'Request a return' });
    await request.getByLabel(`${KETTLE}: units to return`).fill('1');
    await request.getByLabel('Reason').fill('One kettle is enough');
    await request.getByRole('button', { name: 'Request return' }).click();
    const returned = page.getByRole('region', { name: 'Returns' });
    await returned.getByText('Requested', { exact: true }).waitFor();
    await returned.getByText(`1 × ${KETTLE}`).waitFor();
    await screenshot(page, 'order-return-requested');
    await signOutThroughUi(page);

    await signInWithSession(page, await adminSession());
    await openOrder(page, '/admin/orders', order.id);
    const returnId = (await customer.api.orders.get.query({ id: order.id })).returns[0]?.id;
    await page.getByRole('button', { name: `Approve return #${returnId}` }).click();
    const receive = page.getByRole('form', { name: `Receive return #${returnId}` });
    expect(await receive.getByLabel(`Restock 1 × ${KETTLE}`).isChecked()).toBe(true);
    await receive.getByRole('button', { name: 'Receive' }).click();
    await page.getByRole('region', { name: 'Returns' }).getByText('Received', { exact: true }).waitFor();
    await signOutThroughUi(page);

    // One of two kettles back: half of what the kettle line was paid (shipping is not refunded).
    const detail = await customer.api.orders.get.query({ id: order.id });
    const kettle = detail.items.find((item) => item.name === KETTLE);
    if (!kettle) throw new Error('The order has no kettle line');
    const paidForKettles =
      kettle.subtotalCents - kettle.discountCents + (detail.pricesIncludeTax ? 0 : kettle.taxCents);
    const refund = formatMoney(Math.round(paidForKettles / 2), detail.currency);
    expect(detail.returns[0]?.refundCents).toBe(Math.round(paidForKettles / 2));

    await signInWithSession(page, customer);
    await openOrder(page, '/orders', order.id);
    const done = page.getByRole('region', { name: 'Returns' });
    await done.getByText('Received', { exact: true }).waitFor();
    await done.getByText(`Refund ${refund}`, { exact: false }).waitFor();
    await paymentSection(page).getByRole('list', { name: 'Refunds' }).getByText(refund).waitFor();
    expect(await page.getByRole('form', { name: 'Request a return' }).count()).toBe(1);
    await screenshot(page, 'order-return-refunded');
    await page.close();
  });
});
