/** The store-wide pricing settings, as the Worker's configuration holds them and `store.settings` answers them. */
export type StoreSettings = {
  /** ISO 4217, two decimals: every amount is in hundredths of it. */
  currency: string;
  /** Shelf prices are gross (tax included) for every destination, or net (tax added at checkout). */
  pricesIncludeTax: boolean;
};
