import type { Concept } from "../concepts";

export const BUSINESS_APPS: Concept[] = [
  {
    id: "erp",
    related: ["inventory", "accounting"],
    terms: [
      "erp", "business central", "dynamics", "dynamics 365", "d365", "bc", "navision", "nav", "netsuite", "sap", "sage",
      "sage 300", "sage intacct", "oracle", "epicor", "syspro", "acumatica", "infor", "odoo", "purchase order", "po",
      "sales order", "work order", "bill of materials", "bom", "mrp", "post", "posting", "post this invoice", "approve a bill",
      "vendor", "new vendor", "supplier record", "customer record^0.6", "item card", "price list",
    ],
  },
  {
    id: "accounting",
    related: ["erp"],
    terms: [
      "accounting", "accounting system", "accounting software", "accounts payable^0.6", "accounts receivable^0.6", "ap^0.3",
      "ar", "gl", "general ledger", "ledger", "journal entry", "month end", "month-end", "year end", "close the books",
      "invoice", "invoices", "invoicing", "bill^0.5", "bills^0.5", "aged receivables", "aged payables", "trial balance",
      "reconciliation", "bank rec", "quickbooks", "qbo", "xero", "freshbooks", "expensify^0.6", "concur^0.6", "wrong totals",
      "financial report", "report totals", "vat figure^0.6", "tax code",
    ],
  },
  {
    id: "inventory",
    related: ["erp", "warehouse-devices"],
    terms: [
      "inventory", "stock", "stock count", "stock counts", "stock levels", "cycle count", "shelf", "on hand", "bin location",
      "item master",
    ],
  },
  {
    id: "crm",
    related: [],
    terms: [
      "crm", "salesforce", "sales force", "sfdc", "hubspot", "dynamics crm", "zoho", "pipedrive", "lead", "leads",
      "opportunity", "opportunities", "opp", "opps", "pipeline", "deal", "deals", "quote template", "cpq", "contact record",
      "account record", "sales dashboard", "dashboard^0.4", "report^0.2", "stage dropdown", "picklist", "duplicate accounts",
      "duplicate customer", "duplicate contacts", "campaign", "marketing automation", "mailchimp", "pardot", "marketo",
    ],
  },
  {
    id: "pos",
    related: ["payments"],
    terms: [
      "pos", "point of sale", "till", "tills", "register", "cash register", "cash drawer", "checkout", "check out^0.5",
      "front counter", "receipt", "receipts", "receipt printer", "square", "clover", "lightspeed", "shopify pos", "toast",
      "vend", "mid sale", "scanner at the till", "price lookup", "end of day report^0.5", "z report",
    ],
  },
  {
    id: "payments",
    related: ["pos"],
    terms: [
      "card machine", "card terminal", "payment terminal", "terminal^0.5", "pin pad", "pinpad", "chip reader", "card reader",
      "tap to pay", "contactless", "tap", "declined", "card declined", "moneris", "stripe", "worldpay", "verifone", "ingenico",
      "global payments", "elavon", "adyen", "payment gateway", "credit card", "debit", "interac", "chip and pin", "eftpos",
      "communication error", "merchant", "batch close", "settlement",
    ],
  },
  {
    id: "website",
    related: ["dns-domain"],
    terms: [
      "website", "web site", "site^0.5", "company site", "our site", "homepage", "home page", "web page", "webpage", "page^0.4",
      "landing page", "contact us page", "careers page", "wordpress", "wp", "wix", "squarespace", "webflow", "drupal",
      "joomla", "cms", "web hosting", "hosting", "host provider", "ssl", "tls", "certificate", "cert", "ssl certificate",
      "not secure", "https", "http", "503", "502", "500 error", "404", "site down", "website down", "online store",
      "ecommerce", "e-commerce", "shop", "webshop", "store platform", "shopify", "woocommerce", "plugin update^0.5",
      "seo", "google analytics", "web form", "contact form",
    ],
  },
];
