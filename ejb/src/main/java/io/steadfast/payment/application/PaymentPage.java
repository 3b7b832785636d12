package io.steadfast.payment.application;

import java.util.List;

/** One page of payments, newest first, and where the next page starts (null on the last page). */
public record PaymentPage(List<Entry> items, PaymentQuery.Position next) {

    /**
     * One payment of the page: its view, or, when its row failed the integrity check and is
     * quarantined, only its id (nothing else in the row can be trusted).
     *
     * @param id      the payment's id
     * @param payment the payment, null when quarantined
     */
    public record Entry(String id, PaymentView payment) {

        public static Entry of(PaymentView payment) {
            return new Entry(payment.id(), payment);
        }

        public static Entry quarantined(String id) {
            return new Entry(id, null);
        }

        public boolean isQuarantined() {
            return payment == null;
        }
    }
}
