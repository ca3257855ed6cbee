package io.guacdaffinity.guacamole;

import io.guacdaffinity.conf.ConnectionAffinity;

import org.apache.guacamole.form.EnumField;
import org.apache.guacamole.form.Field;
import org.apache.guacamole.form.Form;
import org.apache.guacamole.form.TextField;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The "guacd-affinity" section of Guacamole's connection editor. Guacamole keeps only attributes
 * that some form declares, so this form is also what lets JDBC store our two attributes.
 */
public final class AffinityAttributes {

    /** Form name; its translation key is CONNECTION_ATTRIBUTES.SECTION_HEADER_GUACD_AFFINITY. */
    public static final String FORM_NAME = "guacd-affinity";

    /** Every attribute the form declares, in form order. */
    public static final List<String> ATTRIBUTE_NAMES = Collections.unmodifiableList(Arrays.asList(
            ConnectionAffinity.KEY_ATTRIBUTE, ConnectionAffinity.MEMBER_ATTRIBUTE));

    private AffinityAttributes() {
    }

    /** A fresh copy each time: Form and Field are mutable beans. */
    public static Form connectionForm() {
        List<Field> fields = Arrays.asList(
                new EnumField(ConnectionAffinity.KEY_ATTRIBUTE, ConnectionAffinity.KEY_VALUES),
                new TextField(ConnectionAffinity.MEMBER_ATTRIBUTE));
        return new Form(FORM_NAME, fields);
    }

    /** The forms of the wrapped context followed by ours, for UserContext.getConnectionAttributes(). */
    public static Collection<Form> withConnectionForm(Collection<Form> inner) {
        List<Form> forms = new ArrayList<>(inner == null ? Collections.<Form>emptyList() : inner);
        forms.add(connectionForm());
        return Collections.unmodifiableList(forms);
    }

    /**
     * A connection's attributes with our keys present (null when unset), so the editor shows the
     * section even for a connection that never had them; everything else is passed on unchanged.
     */
    public static Map<String, String> withOwnKeys(Map<String, String> attributes) {
        Map<String, String> out = new HashMap<>(attributes == null ? Collections.<String, String>emptyMap() : attributes);
        for (String name : ATTRIBUTE_NAMES)
            out.putIfAbsent(name, null);
        return out;
    }
}
