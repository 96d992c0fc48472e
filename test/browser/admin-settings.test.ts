/**
 * The admin's store settings in real Chromium against the real stack:
 * shipping zones and their methods, tax rates, discount codes; each change
 * checked through the API it sets. Japan and South Korea are in no zone of
 * the demo seed, so these tests own them.
 */
import { describe, expect, it } from 'vitest';
import { adminApi, adminSession, api, baseUrl, browserPerFile, screenshot, signInWithSession } from './helpers.ts';

const newPage = browserPerFile();

describe('admin store settings', () => {
  it('makes a shipping zone with its countries, adds a method, and switches it off', async () => {
    const page = await newPage();
    await signInWithSession(page, await adminSession());
    await page.getByRole('link', { name: 'Shipping', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Shipping' }).waitFor();
    await page.getByRole('region', { name: 'European Union' }).getByText('Germany', { exact: false }).waitFor();

    await page.getByRole('button', { name: 'Add a shipping zone' }).click();
    const zoneForm = page.getByRole('form', { name: 'New shipping zone' });
    await zoneForm.getByRole('button', { name: 'Add zone' }).click();
    await zoneForm.getByText('Add at least one country').waitFor();
    await zoneForm.getByLabel('Zone name').fill('East Asia');
    // A country ships from one zone: one that another zone holds is offered, but not to be chosen.
    const germany = zoneForm.getByRole('option', { name: 'Germany (in European Union)' });
    expect(await germany.isDisabled()).toBe(true);
    await zoneForm.getByLabel('Countries', { exact: true }).selectOption('JP');
    await zoneForm.getByLabel('Countries', { exact: true }).selectOption('KR');
    await zoneForm.getByRole('button', { name: 'Remove South Korea' }).click();
    await zoneForm.getByRole('button', { name: 'Add zone' }).click();
    const zone = page.getByRole('region', { name: 'East Asia' });
    await zone.getByText('Japan', { exact: true }).waitFor();

    await zone.getByRole('button', { name: 'Add a method to East Asia' }).click();
    const methodForm = zone.getByRole('form', { name: 'New method for East Asia' });
    await methodForm.getByLabel('Method name').fill('Japan Post EMS');
    await methodForm.getByLabel('Price ($)').fill('12.50');
    await methodForm.getByLabel('Free from ($, optional)').fill('150');
    await methodForm.getByRole('button', { name: 'Add method' }).click();
    const row = zone.getByRole('row').filter({ hasText: 'Japan Post EMS' });
    await row.getByRole('cell', { name: '$150.00' }).waitFor();
    expect(await api().shipping.methods.query({ country: 'JP' })).toMatchObject([
      { name: 'Japan Post EMS', priceCents: 1250, freeAboveCents: 15000, isActive: true },
    ]);

    await zone.getByRole('button', { name: 'Edit zone East Asia' }).click();
    await zone.getByLabel('Countries', { exact: true }).selectOption('KR');
    await zone.getByRole('button', { name: 'Save zone' }).click();
    await zone.getByText('Japan, South Korea', { exact: true }).waitFor();

    await zone.getByRole('button', { name: 'Edit Japan Post EMS (East Asia)' }).click();
    await zone.getByLabel('Offered at checkout').uncheck();
    await zone.getByRole('button', { name: 'Save method' }).click();
    await row.getByRole('cell', { name: 'Switched off' }).waitFor();
    await screenshot(page, 'admin-shipping');
    expect(await api().shipping.methods.query({ country: 'KR' })).toEqual([]);
    await page.close();
  });

  it('sets a country’s tax rate, edits it, adds a category rate that cannot tax shipping, and removes it', async () => {
    const page = await newPage();
    await signInWithSession(page, await adminSession());
    await page.goto(`${baseUrl()}/admin/taxes`);
    await page.getByRole('heading', { level: 1, name: 'Tax rates' }).waitFor();
    const rates = page.getByRole('table', { name: 'Tax rates' });
    await rates.getByRole('row').filter({ hasText: 'MwSt (reduced)' }).getByText('Home › Kitchen › Coffee').waitFor();

    const form = page.getByRole('form', { name: 'Set a tax rate' });
    await form.getByLabel('Country').selectOption('JP');
    await form.getByLabel('Rate name').fill('Consumption tax');
    await form.getByLabel('Rate (%)').fill('10');
    await form.getByLabel('Also tax shipping at this rate').check();
    await form.getByRole('button', { name: 'Set rate' }).click();
    const japan = rates.getByRole('row').filter({ hasText: 'Consumption tax' });
    await japan.getByRole('cell', { name: '10%', exact: true }).waitFor();

    await japan.getByRole('button', { name: /^Edit Consumption tax/ }).click();
    const edit = page.getByRole('form', { name: 'Edit Consumption tax (JP)' });
    await edit.getByLabel('Rate (%)').fill('8.5');
    await edit.getByRole('button', { name: 'Save rate' }).click();
    await japan.getByRole('cell', { name: '8.5%', exact: true }).waitFor();

    await form.getByLabel('Country').selectOption('JP');
    await form.getByLabel('Applies to').selectOption({ label: 'Home › Kitchen › Coffee' });
    expect(await form.getByLabel('Also tax shipping at this rate').isDisabled()).toBe(true);
    await form.getByLabel('Rate name').fill('Reduced rate');
    await form.getByLabel('Rate (%)').fill('8');
    await form.getByRole('button', { name: 'Set rate' }).click();
    const reduced = rates.getByRole('row').filter({ hasText: 'Reduced rate' });
    await reduced.getByRole('cell', { name: '8%', exact: true }).waitFor();
    await screenshot(page, 'admin-taxes');

    const staff = await adminApi();
    expect((await staff.taxes.rates.query()).filter((rate) => rate.country === 'JP')).toMatchObject([
      { name: 'Consumption tax', categoryId: null, rateBps: 850, appliesToShipping: true },
      { name: 'Reduced rate', rateBps: 800, appliesToShipping: false },
    ]);
    await reduced.getByRole('button', { name: /^Remove Reduced rate/ }).click();
    await reduced.getByRole('button', { name: 'Yes, remove Reduced rate' }).click();
    await expect.poll(() => rates.getByRole('row').filter({ hasText: 'Reduced rate' }).count()).toBe(0);
    expect((await staff.taxes.rates.query()).filter((rate) => rate.country === 'JP')).toHaveLength(1);
    await page.close();
  });

  it('creates a discount code with its limits, edits it, shows its uses, and switches it off', async () => {
    const code = `TEST${crypto.randomUUID().slice(0, 6).toUpperCase()}`;
    const page = await newPage();
    await signInWithSession(page, await adminSession());
    await page.goto(`${baseUrl()}/admin/discounts`);
    const codes = page.getByRole('table', { name: 'Discount codes' });
    await codes.getByRole('row').filter({ hasText: 'SAVE5' }).getByText('$5.00 off').waitFor();

    const form = page.getByRole('form', { name: 'New discount code' });
    await form.getByLabel('Code', { exact: true }).fill('no spaces');
    await form.getByLabel('Percent off (%)').fill('150');
    await form.getByRole('button', { name: 'Create code' }).click();
    await form.getByText('A code holds only letters, digits, _ and -').waitFor();
    await form.getByText('Enter a whole percent from 1 to 100').waitFor();

    await form.getByLabel('Code', { exact: true }).fill(code);
    await form.getByLabel('Percent off (%)').fill('15');
    await form.getByLabel('Minimum subtotal ($, optional)').fill('50');
    await form.getByLabel('Uses in all (optional)').fill('3');
    await form.getByLabel('Uses per customer (optional)').fill('1');
    await form.getByRole('button', { name: 'Create code' }).click();
    const row = codes.getByRole('row').filter({ hasText: code });
    await row.getByRole('cell', { name: '15% off' }).waitFor();
    expect(await row.getByRole('cell', { name: '0 / 3' }).count()).toBe(1);
    await row.getByRole('cell', { name: 'Active', exact: true }).waitFor();

    // A second code of the same name, in another case, is refused in the server's words.
    await form.getByLabel('Code', { exact: true }).fill(code.toLowerCase());
    await form.getByLabel('Percent off (%)').fill('5');
    await form.getByRole('button', { name: 'Create code' }).click();
    await form.getByRole('alert').filter({ hasText: 'A discount code with this name exists already' }).waitFor();

    await row.getByRole('button', { name: `Edit ${code}` }).click();
    const edit = page.getByRole('form', { name: `Edit ${code}` });
    await edit.getByLabel('Kind').selectOption('fixed');
    await edit.getByLabel('Amount off ($)').fill('7.50');
    await edit.getByRole('button', { name: 'Save code' }).click();
    await row.getByRole('cell', { name: '$7.50 off' }).waitFor();

    await row.getByRole('button', { name: `Switch off ${code}` }).click();
    await row.getByRole('cell', { name: 'Switched off' }).waitFor();
    await screenshot(page, 'admin-discounts');
    const stored = (await (await adminApi()).discounts.list.query()).find((discount) => discount.code === code);
    expect(stored).toMatchObject({
      kind: 'fixed',
      value: 750,
      minSubtotalCents: 5000,
      usageLimit: 3,
      perCustomerLimit: 1,
      usedCount: 0,
      isActive: false,
    });
    await page.close();
  });
});
