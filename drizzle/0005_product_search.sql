-- Full-text search over products (hand-written: drizzle-kit cannot express
-- FTS5 virtual tables or triggers). One row per product, rowid = products.id:
-- its name, description, every variant's SKU and every option value.
-- Triggers keep it in step inside the very statement that changes a product
-- or a variant, so it commits or rolls back with the catalog write's batch,
-- whatever wrote it (the API, the seed, a fixture). Stock and price updates
-- name neither text column, so checkouts never touch the index.
-- unicode61 with remove_diacritics folds case and accents ("creme" finds
-- "Crème"); the prefix indexes make 2- and 3-character prefix queries cheap.
CREATE VIRTUAL TABLE `product_search` USING fts5(
	name,
	description,
	skus,
	options,
	tokenize = 'unicode61 remove_diacritics 2',
	prefix = '2 3'
);
--> statement-breakpoint
-- What a product's search row holds: the one definition every trigger reads.
CREATE VIEW `product_search_source` AS
SELECT
	p.id AS id,
	p.name AS name,
	p.description AS description,
	coalesce((SELECT group_concat(v.sku, ' ') FROM variants v WHERE v.product_id = p.id), '') AS skus,
	coalesce((SELECT group_concat(DISTINCT j.value) FROM variants v, json_each(v.options) j WHERE v.product_id = p.id), '') AS options
FROM products p;
--> statement-breakpoint
INSERT INTO `product_search` (rowid, name, description, skus, options)
SELECT id, name, description, skus, options FROM `product_search_source`;
--> statement-breakpoint
CREATE TRIGGER `product_search_products_insert` AFTER INSERT ON `products` BEGIN
	INSERT INTO product_search (rowid, name, description, skus, options)
	SELECT id, name, description, skus, options FROM product_search_source WHERE id = NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER `product_search_products_update` AFTER UPDATE OF name, description ON `products` BEGIN
	DELETE FROM product_search WHERE rowid = OLD.id;
	INSERT INTO product_search (rowid, name, description, skus, options)
	SELECT id, name, description, skus, options FROM product_search_source WHERE id = NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER `product_search_products_delete` AFTER DELETE ON `products` BEGIN
	DELETE FROM product_search WHERE rowid = OLD.id;
END;
--> statement-breakpoint
CREATE TRIGGER `product_search_variants_insert` AFTER INSERT ON `variants` BEGIN
	DELETE FROM product_search WHERE rowid = NEW.product_id;
	INSERT INTO product_search (rowid, name, description, skus, options)
	SELECT id, name, description, skus, options FROM product_search_source WHERE id = NEW.product_id;
END;
--> statement-breakpoint
CREATE TRIGGER `product_search_variants_update` AFTER UPDATE OF sku, options, product_id ON `variants` BEGIN
	DELETE FROM product_search WHERE rowid IN (OLD.product_id, NEW.product_id);
	INSERT INTO product_search (rowid, name, description, skus, options)
	SELECT id, name, description, skus, options FROM product_search_source WHERE id IN (OLD.product_id, NEW.product_id);
END;
--> statement-breakpoint
CREATE TRIGGER `product_search_variants_delete` AFTER DELETE ON `variants` BEGIN
	DELETE FROM product_search WHERE rowid = OLD.product_id;
	INSERT INTO product_search (rowid, name, description, skus, options)
	SELECT id, name, description, skus, options FROM product_search_source WHERE id = OLD.product_id;
END;
