package io.guacdaffinity.admin;

/** One property on the status page: its value in effect and whether the admin set it. */
public final class SettingInEffect {

    /** {@link #origin} of a value given in guacamole.properties or the environment. */
    public static final String SET = "set";
    /** {@link #origin} of a property left unset (or blank), whose default applies. */
    public static final String DEFAULT = "default";

    public String name;
    public String value;
    /** {@value #SET} or {@value #DEFAULT}. */
    public String origin;

    public SettingInEffect() {
    }

    public SettingInEffect(String name, String value, String origin) {
        this.name = name;
        this.value = value;
        this.origin = origin;
    }
}
