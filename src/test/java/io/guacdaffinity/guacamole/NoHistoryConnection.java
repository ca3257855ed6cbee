package io.guacdaffinity.guacamole;

import org.apache.guacamole.net.auth.AbstractConnection;
import org.apache.guacamole.net.auth.ActivityRecordSet;
import org.apache.guacamole.net.auth.ConnectionRecord;
import org.apache.guacamole.net.auth.simple.SimpleActivityRecordSet;

import java.util.Date;

/**
 * A provider's connection as routing sees it when the provider keeps no history (user-mapping.xml,
 * JSON auth, the stand-ins of these tests): nobody on it, never used, no records. Routing reads none
 * of the three, so a stand-in only has to say what it does differently.
 */
abstract class NoHistoryConnection extends AbstractConnection {

    @Override
    public int getActiveConnections() {
        return 0;
    }

    @Override
    public Date getLastActive() {
        return null;
    }

    @Override
    public ActivityRecordSet<ConnectionRecord> getConnectionHistory() {
        return new SimpleActivityRecordSet<>();
    }
}
