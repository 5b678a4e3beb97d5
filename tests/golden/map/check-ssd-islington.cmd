check --policy policies/islington/supervision_orders.docket policies/mappings/ssd.docket
