CREATE TABLE `return_history` (
	`id` integer PRIMARY KEY NOT NULL,
	`return_id` integer NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`actor_id` integer,
	`note` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`return_id`) REFERENCES `returns`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "return_history_transition_valid" CHECK((from_status IS NULL AND to_status = 'requested') OR (from_status = 'requested' AND to_status = 'approved') OR (from_status = 'requested' AND to_status = 'rejected') OR (from_status = 'approved' AND to_status = 'received'))
);
--> statement-breakpoint
CREATE INDEX `return_history_return_idx` ON `return_history` (`return_id`,`id`);--> statement-breakpoint
CREATE TABLE `return_items` (
	`id` integer PRIMARY KEY NOT NULL,
	`return_id` integer NOT NULL,
	`order_item_id` integer NOT NULL,
	`quantity` integer NOT NULL,
	`restock` integer,
	`refund_cents` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`return_id`) REFERENCES `returns`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`order_item_id`) REFERENCES `order_items`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "return_items_quantity_positive" CHECK("return_items"."quantity" > 0),
	CONSTRAINT "return_items_refund_non_negative" CHECK("return_items"."refund_cents" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `return_items_return_line_unique` ON `return_items` (`return_id`,`order_item_id`);--> statement-breakpoint
CREATE TABLE `returns` (
	`id` integer PRIMARY KEY NOT NULL,
	`order_id` integer NOT NULL,
	`status` text DEFAULT 'requested' NOT NULL,
	`reason` text NOT NULL,
	`refund_cents` integer DEFAULT 0 NOT NULL,
	`requested_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requested_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "returns_status_valid" CHECK(status IN ('requested', 'approved', 'rejected', 'received')),
	CONSTRAINT "returns_refund_non_negative" CHECK("returns"."refund_cents" >= 0)
);
--> statement-breakpoint
CREATE INDEX `returns_order_idx` ON `returns` (`order_id`,`id`);--> statement-breakpoint
CREATE INDEX `returns_status_idx` ON `returns` (`status`,`id`);--> statement-breakpoint
CREATE TABLE `shipment_history` (
	`id` integer PRIMARY KEY NOT NULL,
	`shipment_id` integer NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`actor_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`shipment_id`) REFERENCES `shipments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "shipment_history_transition_valid" CHECK((from_status IS NULL AND to_status = 'shipped') OR (from_status = 'shipped' AND to_status = 'delivered'))
);
--> statement-breakpoint
CREATE INDEX `shipment_history_shipment_idx` ON `shipment_history` (`shipment_id`,`id`);--> statement-breakpoint
CREATE TABLE `shipment_items` (
	`id` integer PRIMARY KEY NOT NULL,
	`shipment_id` integer NOT NULL,
	`order_item_id` integer NOT NULL,
	`quantity` integer NOT NULL,
	FOREIGN KEY (`shipment_id`) REFERENCES `shipments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`order_item_id`) REFERENCES `order_items`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "shipment_items_quantity_positive" CHECK("shipment_items"."quantity" > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `shipment_items_shipment_line_unique` ON `shipment_items` (`shipment_id`,`order_item_id`);--> statement-breakpoint
CREATE INDEX `shipment_items_line_idx` ON `shipment_items` (`order_item_id`);--> statement-breakpoint
CREATE TABLE `shipments` (
	`id` integer PRIMARY KEY NOT NULL,
	`order_id` integer NOT NULL,
	`carrier` text NOT NULL,
	`tracking_number` text NOT NULL,
	`status` text DEFAULT 'shipped' NOT NULL,
	`delivered_at` text,
	`created_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "shipments_status_valid" CHECK(status IN ('shipped', 'delivered')),
	CONSTRAINT "shipments_delivered_at_valid" CHECK((status = 'delivered') = (delivered_at IS NOT NULL))
);
--> statement-breakpoint
CREATE INDEX `shipments_order_idx` ON `shipments` (`order_id`,`id`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_fulfilment_history` (
	`id` integer PRIMARY KEY NOT NULL,
	`order_id` integer NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`actor_id` integer,
	`note` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "fulfilment_history_transition_valid" CHECK((from_status IS NULL AND to_status = 'unfulfilled') OR (from_status = 'unfulfilled' AND to_status = 'partially_shipped') OR (from_status = 'unfulfilled' AND to_status = 'shipped') OR (from_status = 'partially_shipped' AND to_status = 'shipped') OR (from_status = 'partially_shipped' AND to_status = 'partially_delivered') OR (from_status = 'shipped' AND to_status = 'partially_delivered') OR (from_status = 'shipped' AND to_status = 'delivered') OR (from_status = 'partially_delivered' AND to_status = 'delivered'))
);
--> statement-breakpoint
INSERT INTO `__new_fulfilment_history`("id", "order_id", "from_status", "to_status", "actor_id", "note", "created_at") SELECT "id", "order_id", "from_status", "to_status", "actor_id", "note", "created_at" FROM `fulfilment_history`;--> statement-breakpoint
DROP TABLE `fulfilment_history`;--> statement-breakpoint
ALTER TABLE `__new_fulfilment_history` RENAME TO `fulfilment_history`;--> statement-breakpoint
CREATE INDEX `fulfilment_history_order_idx` ON `fulfilment_history` (`order_id`,`id`);--> statement-breakpoint
CREATE TABLE `__new_inventory_movements` (
	`id` integer PRIMARY KEY NOT NULL,
	`variant_id` integer NOT NULL,
	`quantity_change` integer NOT NULL,
	`reason` text NOT NULL,
	`order_id` integer,
	`actor_id` integer,
	`note` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`variant_id`) REFERENCES `variants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "inventory_movements_change_non_zero" CHECK("__new_inventory_movements"."quantity_change" <> 0),
	CONSTRAINT "inventory_movements_reason_valid" CHECK(reason IN ('initial', 'sale', 'cancellation', 'restock', 'adjustment', 'expiry', 'return'))
);
--> statement-breakpoint
INSERT INTO `__new_inventory_movements`("id", "variant_id", "quantity_change", "reason", "order_id", "actor_id", "note", "created_at") SELECT "id", "variant_id", "quantity_change", "reason", "order_id", "actor_id", "note", "created_at" FROM `inventory_movements`;--> statement-breakpoint
DROP TABLE `inventory_movements`;--> statement-breakpoint
ALTER TABLE `__new_inventory_movements` RENAME TO `inventory_movements`;--> statement-breakpoint
CREATE INDEX `inventory_movements_variant_idx` ON `inventory_movements` (`variant_id`,`id`);--> statement-breakpoint
CREATE INDEX `inventory_movements_order_idx` ON `inventory_movements` (`order_id`);--> statement-breakpoint
CREATE TABLE `__new_orders` (
	`id` integer PRIMARY KEY NOT NULL,
	`owner_key` text NOT NULL,
	`user_id` integer,
	`guest_email` text,
	`access_token_hash` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`fulfilment_status` text DEFAULT 'unfulfilled' NOT NULL,
	`hold_expires_at` text,
	`subtotal_cents` integer DEFAULT 0 NOT NULL,
	`discount_cents` integer DEFAULT 0 NOT NULL,
	`shipping_cents` integer DEFAULT 0 NOT NULL,
	`tax_cents` integer DEFAULT 0 NOT NULL,
	`shipping_tax_cents` integer DEFAULT 0 NOT NULL,
	`total_cents` integer DEFAULT 0 NOT NULL,
	`prices_include_tax` integer DEFAULT false NOT NULL,
	`currency` text DEFAULT 'USD' NOT NULL,
	`shipping_method_id` integer,
	`shipping_method_name` text,
	`discount_code_id` integer,
	`discount_code` text,
	`line_count` integer NOT NULL,
	`idempotency_key` text NOT NULL,
	`request_hash` text NOT NULL,
	`ship_name` text,
	`ship_line1` text,
	`ship_line2` text,
	`ship_city` text,
	`ship_region` text,
	`ship_postal_code` text,
	`ship_country` text,
	`ship_phone` text,
	`updated_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`shipping_method_id`) REFERENCES `shipping_methods`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`discount_code_id`) REFERENCES `discount_codes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "orders_status_valid" CHECK(status IN ('pending', 'confirmed', 'completed', 'cancelled', 'expired')),
	CONSTRAINT "orders_fulfilment_status_valid" CHECK(fulfilment_status IN ('unfulfilled', 'partially_shipped', 'shipped', 'partially_delivered', 'delivered')),
	CONSTRAINT "orders_line_count_valid" CHECK("__new_orders"."line_count" BETWEEN 1 AND 100),
	CONSTRAINT "orders_total_non_negative" CHECK("__new_orders"."total_cents" >= 0),
	CONSTRAINT "orders_amounts_valid" CHECK("__new_orders"."subtotal_cents" BETWEEN 0 AND 1000000000 AND "__new_orders"."discount_cents" BETWEEN 0 AND "__new_orders"."subtotal_cents" AND "__new_orders"."shipping_cents" >= 0
        AND "__new_orders"."tax_cents" >= 0 AND "__new_orders"."shipping_tax_cents" BETWEEN 0 AND "__new_orders"."tax_cents"
        AND "__new_orders"."total_cents" = "__new_orders"."subtotal_cents" - "__new_orders"."discount_cents" + "__new_orders"."shipping_cents"
          + CASE WHEN "__new_orders"."prices_include_tax" THEN 0 ELSE "__new_orders"."tax_cents" END),
	CONSTRAINT "orders_owner_valid" CHECK(("__new_orders"."user_id" IS NOT NULL AND "__new_orders"."owner_key" = 'user:' || "__new_orders"."user_id" AND "__new_orders"."guest_email" IS NULL)
        OR ("__new_orders"."user_id" IS NULL AND "__new_orders"."owner_key" LIKE 'guest:%' AND "__new_orders"."guest_email" IS NOT NULL AND "__new_orders"."access_token_hash" IS NOT NULL))
);
--> statement-breakpoint
INSERT INTO `__new_orders`("id", "owner_key", "user_id", "guest_email", "access_token_hash", "status", "fulfilment_status", "hold_expires_at", "subtotal_cents", "discount_cents", "shipping_cents", "tax_cents", "shipping_tax_cents", "total_cents", "prices_include_tax", "currency", "shipping_method_id", "shipping_method_name", "discount_code_id", "discount_code", "line_count", "idempotency_key", "request_hash", "ship_name", "ship_line1", "ship_line2", "ship_city", "ship_region", "ship_postal_code", "ship_country", "ship_phone", "updated_by", "created_at", "updated_at") SELECT "id", "owner_key", "user_id", "guest_email", "access_token_hash", "status", "fulfilment_status", "hold_expires_at", "subtotal_cents", "discount_cents", "shipping_cents", "tax_cents", "shipping_tax_cents", "total_cents", "prices_include_tax", "currency", "shipping_method_id", "shipping_method_name", "discount_code_id", "discount_code", "line_count", "idempotency_key", "request_hash", "ship_name", "ship_line1", "ship_line2", "ship_city", "ship_region", "ship_postal_code", "ship_country", "ship_phone", "updated_by", "created_at", "updated_at" FROM `orders`;--> statement-breakpoint
DROP TABLE `orders`;--> statement-breakpoint
ALTER TABLE `__new_orders` RENAME TO `orders`;--> statement-breakpoint
CREATE UNIQUE INDEX `orders_owner_idempotency_unique` ON `orders` (`owner_key`,`idempotency_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `orders_access_token_unique` ON `orders` (`access_token_hash`);--> statement-breakpoint
CREATE INDEX `orders_user_created_idx` ON `orders` (`user_id`,`id`);--> statement-breakpoint
CREATE INDEX `orders_status_idx` ON `orders` (`status`,`id`);--> statement-breakpoint
CREATE INDEX `orders_created_idx` ON `orders` (`created_at`);--> statement-breakpoint
CREATE INDEX `orders_hold_idx` ON `orders` (`status`,`hold_expires_at`);--> statement-breakpoint
CREATE TABLE `__new_order_items` (
	`id` integer PRIMARY KEY NOT NULL,
	`order_id` integer NOT NULL,
	`variant_id` integer NOT NULL,
	`quantity` integer NOT NULL,
	`unit_price_cents` integer NOT NULL,
	`discount_cents` integer DEFAULT 0 NOT NULL,
	`tax_rate_bps` integer DEFAULT 0 NOT NULL,
	`tax_cents` integer DEFAULT 0 NOT NULL,
	`product_id` integer NOT NULL,
	`product_name` text NOT NULL,
	`sku` text NOT NULL,
	`options` text DEFAULT '{}' NOT NULL,
	`shipped_quantity` integer DEFAULT 0 NOT NULL,
	`delivered_quantity` integer DEFAULT 0 NOT NULL,
	`cancelled_quantity` integer DEFAULT 0 NOT NULL,
	`returned_quantity` integer DEFAULT 0 NOT NULL,
	`refunded_quantity` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`variant_id`) REFERENCES `variants`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "order_items_fulfilment_valid" CHECK("__new_order_items"."shipped_quantity" >= 0 AND "__new_order_items"."cancelled_quantity" >= 0 AND "__new_order_items"."shipped_quantity" + "__new_order_items"."cancelled_quantity" <= "__new_order_items"."quantity"
        AND "__new_order_items"."delivered_quantity" BETWEEN 0 AND "__new_order_items"."shipped_quantity"
        AND "__new_order_items"."returned_quantity" BETWEEN 0 AND "__new_order_items"."delivered_quantity"
        AND "__new_order_items"."refunded_quantity" BETWEEN 0 AND "__new_order_items"."cancelled_quantity" + "__new_order_items"."returned_quantity"),
	CONSTRAINT "order_items_quantity_positive" CHECK("__new_order_items"."quantity" > 0),
	CONSTRAINT "order_items_quantity_limit" CHECK("__new_order_items"."quantity" <= 999),
	CONSTRAINT "order_items_amounts_valid" CHECK("__new_order_items"."discount_cents" BETWEEN 0 AND "__new_order_items"."quantity" * "__new_order_items"."unit_price_cents" AND "__new_order_items"."tax_rate_bps" BETWEEN 0 AND 10000 AND "__new_order_items"."tax_cents" >= 0)
);
--> statement-breakpoint
INSERT INTO `__new_order_items`("id", "order_id", "variant_id", "quantity", "unit_price_cents", "discount_cents", "tax_rate_bps", "tax_cents", "product_id", "product_name", "sku", "options", "shipped_quantity", "delivered_quantity", "cancelled_quantity", "returned_quantity", "refunded_quantity") SELECT oi."id", oi."order_id", oi."variant_id", oi."quantity", oi."unit_price_cents", oi."discount_cents", oi."tax_rate_bps", oi."tax_cents", oi."product_id", oi."product_name", oi."sku", oi."options",
  CASE WHEN o."fulfilment_status" IN ('shipped', 'delivered') THEN oi."quantity" ELSE 0 END,
  CASE WHEN o."fulfilment_status" = 'delivered' THEN oi."quantity" ELSE 0 END, 0, 0, 0
  FROM `order_items` oi JOIN `orders` o ON o."id" = oi."order_id";--> statement-breakpoint
DROP TABLE `order_items`;--> statement-breakpoint
ALTER TABLE `__new_order_items` RENAME TO `order_items`;--> statement-breakpoint
CREATE UNIQUE INDEX `order_items_order_variant_unique` ON `order_items` (`order_id`,`variant_id`);--> statement-breakpoint
-- An order shipped or delivered before shipments existed gets one shipment of every line, so its counters, its
-- shipments and its return window agree; its carrier and tracking number were never recorded.
INSERT INTO `shipments` ("order_id", "carrier", "tracking_number", "status", "delivered_at", "created_at", "updated_at")
  SELECT o."id", 'unrecorded', '', CASE WHEN o."fulfilment_status" = 'delivered' THEN 'delivered' ELSE 'shipped' END,
    CASE WHEN o."fulfilment_status" = 'delivered' THEN o."updated_at" END, o."updated_at", o."updated_at"
  FROM `orders` o WHERE o."fulfilment_status" IN ('shipped', 'delivered') ORDER BY o."id";--> statement-breakpoint
INSERT INTO `shipment_items` ("shipment_id", "order_item_id", "quantity")
  SELECT s."id", oi."id", oi."quantity" FROM `shipments` s JOIN `order_items` oi ON oi."order_id" = s."order_id";--> statement-breakpoint
INSERT INTO `shipment_history` ("shipment_id", "from_status", "to_status", "created_at")
  SELECT "id", NULL, 'shipped', "created_at" FROM `shipments`;--> statement-breakpoint
INSERT INTO `shipment_history` ("shipment_id", "from_status", "to_status", "created_at")
  SELECT "id", 'shipped', 'delivered', "delivered_at" FROM `shipments` WHERE "status" = 'delivered';--> statement-breakpoint
PRAGMA foreign_keys=ON;
