import type { Concept } from "../concepts";

// Everyday office life. Matching one of these and nothing a category covers is how "where is the lunch menu"
// comes back as "not in the matrix". A matrix that has a facilities or HR category will still route them there.
export const NON_IT: Concept[] = [
  {
    id: "facilities",
    it: false,
    terms: [
      "facilities", "building maintenance", "maintenance^0.6", "heating", "heat", "heater", "radiator", "hvac", "air conditioning",
      "aircon", "air con", "ac unit", "too cold", "too hot", "temperature", "thermostat", "lights^0.8", "light bulb", "lighting",
      "lights out", "toilet", "toilets", "bathroom", "washroom", "restroom", "leak", "leaking", "plumbing", "sink", "tap water",
      "elevator", "lift", "stairs", "blinds", "window", "windows^0.3", "chair", "chairs", "desk chair", "furniture", "desk^0.3",
      "cleaner", "cleaners", "cleaning", "janitor", "bins", "waste", "confidential waste", "shredding", "recycling", "trash",
      "garbage", "pest", "mice^0.6", "parking", "parking lot^0.5", "parking garage", "car park", "keys^0.6", "locksmith",
      "fire drill", "fire alarm", "evacuation", "first aid", "plants", "water the plants", "office move^0.5", "landlord",
      "security guard", "reception close", "reception hours", "opening hours", "forklift", "forklift battery", "loading bay^0.5", "loading dock", "shipping dock^0.5",
    ],
  },
  {
    id: "kitchen",
    it: false,
    terms: [
      "lunch", "lunch menu", "menu", "kitchen", "fridge", "microwave", "coffee", "coffee machine", "coffee maker", "kettle",
      "milk", "snacks", "water cooler", "dishwasher", "catering", "cafeteria", "canteen", "breakfast", "dinner", "food",
      "pizza", "cake",
    ],
  },
  {
    id: "hr-matters",
    it: false,
    terms: [
      "vacation", "vacation days", "holiday^0.6", "holidays^0.6", "annual leave", "pto", "paid time off", "time off",
      "sick day", "sick leave", "parental leave", "maternity", "paternity", "leave request", "book leave", "booking annual leave",
      "benefits", "benefit", "benefits card", "health insurance", "dental plan", "pension", "pension contributions", "401k",
      "rrsp", "salary", "raise", "pay rise", "promotion", "bonus", "payroll^0.7", "payslip", "pay stub", "paycheque",
      "paycheck", "overtime", "overtime approval", "performance review", "appraisal", "hr", "human resources", "manager approval^0.3",
      "dress code", "org chart^0.5", "job posting", "interview", "recruiting", "referral bonus", "contract renewal^0.4",
    ],
  },
  {
    id: "expenses",
    it: false,
    terms: [
      "expense", "expenses", "expense report", "expense claim", "reimburse", "reimbursement", "reimbursed", "claim back",
      "mileage", "per diem", "receipts for expenses", "train fare", "taxi fare", "travel booking", "book travel", "flight",
      "flights", "hotel booking", "corporate card^0.6", "petty cash",
    ],
  },
  {
    id: "social",
    it: false,
    terms: [
      "birthday", "happy birthday", "party", "holiday party", "christmas party", "office party", "celebration", "drinks",
      "happy hour", "team lunch", "potluck", "running club", "club", "sports", "football", "charity", "fundraiser",
      "congrats", "congratulations", "welcome aboard", "great work", "well done", "thanks team", "many thanks", "rsvp",
      "dog", "bring my dog", "pet", "cottage", "retreat", "offsite event",
    ],
  },
  {
    id: "mailroom",
    it: false,
    terms: [
      "courier", "fedex", "dhl", "purolator", "ups courier", "royal mail", "post office", "postage", "parcel", "package",
      "delivery^0.8", "sign for", "stamps", "mail room", "mailroom", "pickup", "pick up^0.4",
    ],
  },
  {
    id: "business-operations",
    it: false,
    terms: [
      "discount", "pricing for customer", "customer wants a discount", "sales deck", "slide deck", "presentation template",
      "template for the", "marketing materials", "brochure", "business cards", "stationery", "letterhead", "pens", "notepads",
      "office supplies", "marketing budget", "client dinner", "contract negotiation", "legal review", "precedent for",
      "break clause", "clause", "lease^0.4", "invoice a client^0.3", "court^0.3", "tender", "rfp", "who decides",
    ],
  },
];
