/**
 * The demo catalog: a category tree three levels deep and its products, some
 * sold in options (tees and hoodies in sizes, one tee in two colours too,
 * sneakers in shoe sizes), each variant with its own SKU, price and stock.
 * Stocks are chosen so some variants are low or sold out and one product is
 * archived, which the storefront's badges and the low-stock report need.
 */
export type SeedCategory = { slug: string; name: string; parent?: string };
export type SeedVariant = { sku: string; options: Record<string, string>; priceCents: number; stock: number };
export type SeedProduct = {
  category: string;
  name: string;
  description: string;
  optionNames: string[];
  variants: SeedVariant[];
  isActive?: boolean;
};

export const SEED_CATEGORIES: SeedCategory[] = [
  { slug: 'apparel', name: 'Apparel' },
  { slug: 'apparel-tops', name: 'Tops', parent: 'apparel' },
  { slug: 'apparel-tops-tees', name: 'T-shirts', parent: 'apparel-tops' },
  { slug: 'apparel-tops-hoodies', name: 'Hoodies', parent: 'apparel-tops' },
  { slug: 'apparel-footwear', name: 'Footwear', parent: 'apparel' },
  { slug: 'apparel-footwear-sneakers', name: 'Sneakers', parent: 'apparel-footwear' },
  { slug: 'electronics', name: 'Electronics' },
  { slug: 'electronics-audio', name: 'Audio', parent: 'electronics' },
  { slug: 'electronics-audio-headphones', name: 'Headphones', parent: 'electronics-audio' },
  { slug: 'electronics-audio-speakers', name: 'Speakers', parent: 'electronics-audio' },
  { slug: 'electronics-computing', name: 'Computing', parent: 'electronics' },
  { slug: 'electronics-computing-keyboards', name: 'Keyboards', parent: 'electronics-computing' },
  { slug: 'home', name: 'Home' },
  { slug: 'home-kitchen', name: 'Kitchen', parent: 'home' },
  { slug: 'home-kitchen-coffee', name: 'Coffee', parent: 'home-kitchen' },
  { slug: 'home-kitchen-cookware', name: 'Cookware', parent: 'home-kitchen' },
];

/** A SKU stem from a name: "Classic Cotton Tee" → "CLASSIC-COTTON-TEE". */
const stem = (name: string) =>
  name
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** A product sold in one variant. */
const product = (
  category: string,
  name: string,
  priceCents: number,
  stock: number,
  description: string,
): SeedProduct => ({
  category,
  name,
  description,
  optionNames: [],
  variants: [{ sku: stem(name), options: {}, priceCents, stock }],
});

/** A product sold in sizes: one variant per size, with the stock given per size. */
const sized = (
  category: string,
  name: string,
  priceCents: number,
  stockBySize: Record<string, number>,
  description: string,
): SeedProduct => ({
  category,
  name,
  description,
  optionNames: ['Size'],
  variants: Object.entries(stockBySize).map(([size, stock]) => ({
    sku: `${stem(name)}-${stem(size)}`,
    options: { Size: size },
    priceCents,
    stock,
  })),
});

/** A product in sizes and colours: every combination, `stock(size, colour)` units each. */
const sizedAndColoured = (
  category: string,
  name: string,
  priceCents: number,
  sizes: string[],
  colours: string[],
  stock: (size: string, colour: string) => number,
  description: string,
): SeedProduct => ({
  category,
  name,
  description,
  optionNames: ['Size', 'Colour'],
  variants: colours.flatMap((colour) =>
    sizes.map((size) => ({
      sku: `${stem(name)}-${stem(colour)}-${stem(size)}`,
      options: { Size: size, Colour: colour },
      priceCents,
      stock: stock(size, colour),
    })),
  ),
});

export const SEED_PRODUCTS: SeedProduct[] = [
  sized(
    'apparel-tops-tees',
    'Classic Cotton Tee',
    1900,
    { S: 40, M: 50, L: 30 },
    'Heavyweight organic cotton, regular fit.',
  ),
  product('apparel-tops-tees', 'Striped Breton Tee', 2900, 45, 'Long sleeves, navy and white stripes.'),
  product('apparel-tops-tees', 'Pocket Tee', 2200, 3, 'Garment-dyed tee with a chest pocket.'),
  sizedAndColoured(
    'apparel-tops-tees',
    'Merino Tee',
    5900,
    ['S', 'M', 'L'],
    ['Black', 'White'],
    (size, colour) => (colour === 'White' && size === 'L' ? 0 : size === 'M' ? 6 : 3),
    'Fine merino wool that does not itch.',
  ),
  sized(
    'apparel-tops-hoodies',
    'Zip Hoodie',
    6900,
    { S: 8, M: 10, L: 8, XL: 4 },
    'Brushed fleece, full zip, two pockets.',
  ),
  product('apparel-tops-hoodies', 'Pullover Hoodie', 6400, 2, 'Kangaroo pocket and a lined hood.'),
  product('apparel-tops-hoodies', 'Tech Fleece Hoodie', 8900, 0, 'Light, warm and quick to dry.'),
  sized(
    'apparel-footwear-sneakers',
    'Canvas Low-Top',
    5500,
    { '40': 12, '41': 15, '42': 15, '43': 12, '44': 6 },
    'Vulcanised rubber sole, canvas upper.',
  ),
  product('apparel-footwear-sneakers', 'Leather Court Sneaker', 11900, 25, 'Full-grain leather, cupsole.'),
  product('apparel-footwear-sneakers', 'Trail Runner', 13900, 4, 'Grippy outsole for wet trails.'),
  product('apparel-footwear-sneakers', 'Slip-On', 4900, 40, 'Elastic gores, no laces.'),
  product('electronics-audio-headphones', 'Studio Headphones', 14900, 22, 'Closed-back, flat response.'),
  product('electronics-audio-headphones', 'Wireless Earbuds', 9900, 75, 'Eight hours of play, USB-C case.'),
  product('electronics-audio-headphones', 'Noise-Cancelling Headphones', 29900, 5, 'Adaptive ANC, 30 h battery.'),
  product('electronics-audio-headphones', 'Kids Headphones', 2900, 33, 'Volume-limited to 85 dB.'),
  product('electronics-audio-speakers', 'Bookshelf Speakers', 24900, 12, 'A pair, with a built-in amplifier.'),
  product('electronics-audio-speakers', 'Portable Speaker', 7900, 50, 'Waterproof, floats, 12 h battery.'),
  product('electronics-audio-speakers', 'Smart Speaker', 9900, 1, 'Room-filling sound and a voice assistant.'),
  product('electronics-computing-keyboards', 'Mechanical Keyboard', 12900, 28, 'Hot-swappable switches, PBT keycaps.'),
  product('electronics-computing-keyboards', 'Low-Profile Keyboard', 9900, 35, 'Slim, quiet, multi-device.'),
  product('electronics-computing-keyboards', 'Ergonomic Split Keyboard', 19900, 6, 'Tented halves, thumb clusters.'),
  product('electronics-computing-keyboards', 'Numeric Keypad', 2900, 80, 'Wireless keypad for spreadsheets.'),
  product('electronics-computing', 'USB-C Hub', 4900, 90, 'Seven ports, 100 W pass-through.'),
  product('home-kitchen-coffee', 'Pour-Over Dripper', 2400, 55, 'Ceramic cone for one to two cups.'),
  product('home-kitchen-coffee', 'Burr Grinder', 14900, 9, 'Forty grind settings, steel burrs.'),
  product('home-kitchen-coffee', 'Gooseneck Kettle', 7900, 20, 'Temperature control to the degree.'),
  product('home-kitchen-coffee', 'Espresso Cups (set of 4)', 3200, 2, 'Double-walled glass.'),
  product('home-kitchen-cookware', 'Cast Iron Skillet', 4500, 38, 'Pre-seasoned, 26 cm.'),
  product('home-kitchen-cookware', 'Stainless Saucepan', 6900, 16, 'Tri-ply, induction-ready, 2 l.'),
  product('home-kitchen-cookware', 'Dutch Oven', 17900, 7, 'Enamelled cast iron, 5 l.'),
  product('home-kitchen-cookware', 'Chef Knife', 8900, 24, 'High-carbon steel, 20 cm blade.'),
  product('home-kitchen', 'Linen Tea Towels', 1900, 70, 'A set of three, stonewashed.'),
  {
    ...product('home-kitchen-cookware', 'Copper Pan (discontinued)', 15900, 5, 'No longer made.'),
    isActive: false,
  },
];

/**
 * Where the demo shop ships, its tax rates and its codes (prices exclude tax
 * by default: PRICES_INCLUDE_TAX=false). The test fixtures ship to IS and NO
 * (local-stack/fixture-address.ts), so those stay out of every zone here.
 */
export type SeedShippingZone = {
  name: string;
  countries: string[];
  methods: Array<{ name: string; priceCents: number; freeAboveCents?: number }>;
};

export const SEED_SHIPPING_ZONES: SeedShippingZone[] = [
  {
    name: 'United States',
    countries: ['US'],
    methods: [
      { name: 'Standard (3-5 days)', priceCents: 599, freeAboveCents: 7500 },
      { name: 'Express (1-2 days)', priceCents: 1999 },
    ],
  },
  {
    name: 'European Union',
    countries: ['AT', 'BE', 'DE', 'DK', 'ES', 'FI', 'FR', 'IE', 'IT', 'LU', 'NL', 'PL', 'PT', 'SE'],
    methods: [
      { name: 'Standard (4-7 days)', priceCents: 999, freeAboveCents: 10000 },
      { name: 'Express (2-3 days)', priceCents: 2499 },
    ],
  },
  { name: 'United Kingdom', countries: ['GB'], methods: [{ name: 'Tracked (3-5 days)', priceCents: 799 }] },
];

export type SeedTaxRate = {
  country: string;
  category?: string;
  name: string;
  rateBps: number;
  appliesToShipping?: boolean;
};

export const SEED_TAX_RATES: SeedTaxRate[] = [
  { country: 'DE', name: 'MwSt', rateBps: 1900, appliesToShipping: true },
  { country: 'DE', category: 'home-kitchen-coffee', name: 'MwSt (reduced)', rateBps: 700 },
  { country: 'FR', name: 'TVA', rateBps: 2000, appliesToShipping: true },
  { country: 'NL', name: 'BTW', rateBps: 2100, appliesToShipping: true },
  { country: 'GB', name: 'VAT', rateBps: 2000, appliesToShipping: true },
];

export const SEED_DISCOUNT_CODES = [
  { code: 'WELCOME10', kind: 'percent', value: 10, minSubtotalCents: 2000, perCustomerLimit: 1 },
  { code: 'SAVE5', kind: 'fixed', value: 500, minSubtotalCents: 3000, usageLimit: 100 },
] as const;
