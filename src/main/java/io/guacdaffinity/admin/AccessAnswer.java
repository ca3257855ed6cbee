package io.guacdaffinity.admin;

/** What the user menu asks before it offers the status page: whether this login may open it. */
public final class AccessAnswer {

    /** True when some provider of the login grants system ADMINISTER. */
    public boolean administrator;

    public AccessAnswer() {
    }

    AccessAnswer(boolean administrator) {
        this.administrator = administrator;
    }
}
