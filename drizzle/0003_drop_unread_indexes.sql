DROP INDEX `inventory_movements_actor_idx`;--> statement-breakpoint
DROP INDEX `order_items_variant_idx`;--> statement-breakpoint
DROP INDEX `order_status_history_actor_idx`;--> statement-breakpoint
DROP INDEX `orders_updated_by_idx`;