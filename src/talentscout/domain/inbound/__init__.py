"""Reading what comes back: email parsing, auto-reply and out-of-office detection, return dates, reply
classification, delivery-status (bounce) reports and SMS keywords. Pure: no database, no network."""
