package dev.vigil.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.apache.kafka.streams.CloseOptions.GroupMembershipOperation;
import org.junit.jupiter.api.Test;

class ClosePolicyTest {
    @Test
    void aDynamicMemberLeavesTheGroupOnAStop() {
        Properties props = new Properties();
        props.put("application.id", "vigil");

        assertThat(ClosePolicy.membershipOnClose(props)).isEqualTo(GroupMembershipOperation.LEAVE_GROUP);
    }

    @Test
    void aStaticMemberStaysWhereverItsInstanceIdIsSet() {
        for (String key : new String[] {"group.instance.id", "consumer.group.instance.id", "main.consumer.group.instance.id"}) {
            Properties props = new Properties();
            props.put(key, "vigil-0");

            assertThat(ClosePolicy.membershipOnClose(props)).as(key).isEqualTo(GroupMembershipOperation.REMAIN_IN_GROUP);
        }
    }

    @Test
    void theMainConsumersOwnSettingWinsAndABlankIdIsNoInstanceId() {
        Properties props = new Properties();
        props.put("group.instance.id", "vigil-0");
        props.put("main.consumer.group.instance.id", " ");

        assertThat(ClosePolicy.membershipOnClose(props)).isEqualTo(GroupMembershipOperation.LEAVE_GROUP);
    }
}
