//! Kafka protocol API names and their keys, as librdkafka's mock cluster knows them.
//!
//! librdkafka keeps its `RD_KAFKAP_*` keys in a private header (rdkafka_protocol.h), so they
//! are listed here, with the same names. A key outside this list is one the mock has no
//! handler for: errors pushed for it could never fire. No Node-API in here, so its tests run
//! with plain `cargo test`.

/// `RD_KAFKAP_<name>` = key, for every key librdkafka 2.12 defines (62 is not among them).
const API_KEYS: [(&str, i16); 73] = [
    ("Produce", 0),
    ("Fetch", 1),
    ("ListOffsets", 2),
    ("Metadata", 3),
    ("LeaderAndIsr", 4),
    ("StopReplica", 5),
    ("UpdateMetadata", 6),
    ("ControlledShutdown", 7),
    ("OffsetCommit", 8),
    ("OffsetFetch", 9),
    ("FindCoordinator", 10),
    ("JoinGroup", 11),
    ("Heartbeat", 12),
    ("LeaveGroup", 13),
    ("SyncGroup", 14),
    ("DescribeGroups", 15),
    ("ListGroups", 16),
    ("SaslHandshake", 17),
    ("ApiVersion", 18),
    ("CreateTopics", 19),
    ("DeleteTopics", 20),
    ("DeleteRecords", 21),
    ("InitProducerId", 22),
    ("OffsetForLeaderEpoch", 23),
    ("AddPartitionsToTxn", 24),
    ("AddOffsetsToTxn", 25),
    ("EndTxn", 26),
    ("WriteTxnMarkers", 27),
    ("TxnOffsetCommit", 28),
    ("DescribeAcls", 29),
    ("CreateAcls", 30),
    ("DeleteAcls", 31),
    ("DescribeConfigs", 32),
    ("AlterConfigs", 33),
    ("AlterReplicaLogDirs", 34),
    ("DescribeLogDirs", 35),
    ("SaslAuthenticate", 36),
    ("CreatePartitions", 37),
    ("CreateDelegationToken", 38),
    ("RenewDelegationToken", 39),
    ("ExpireDelegationToken", 40),
    ("DescribeDelegationToken", 41),
    ("DeleteGroups", 42),
    ("ElectLeaders", 43),
    ("IncrementalAlterConfigs", 44),
    ("AlterPartitionReassignments", 45),
    ("ListPartitionReassignments", 46),
    ("OffsetDelete", 47),
    ("DescribeClientQuotas", 48),
    ("AlterClientQuotas", 49),
    ("DescribeUserScramCredentials", 50),
    ("AlterUserScramCredentials", 51),
    ("Vote", 52),
    ("BeginQuorumEpoch", 53),
    ("EndQuorumEpoch", 54),
    ("DescribeQuorum", 55),
    ("AlterIsr", 56),
    ("UpdateFeatures", 57),
    ("Envelope", 58),
    ("FetchSnapshot", 59),
    ("DescribeCluster", 60),
    ("DescribeProducers", 61),
    ("BrokerHeartbeat", 63),
    ("UnregisterBroker", 64),
    ("DescribeTransactions", 65),
    ("ListTransactions", 66),
    ("AllocateProducerIds", 67),
    ("ConsumerGroupHeartbeat", 68),
    ("ConsumerGroupDescribe", 69),
    ("ControllerRegistration", 70),
    ("GetTelemetrySubscriptions", 71),
    ("PushTelemetry", 72),
    ("AssignReplicasToDirs", 73),
];

/// The names Kafka's own protocol documentation uses where librdkafka's differ.
const KAFKA_NAMES: [(&str, i16); 2] = [("ApiVersions", 18), ("AlterPartition", 56)];

/// The key of an API named as librdkafka or Kafka's protocol names it (`Produce`,
/// `ApiVersions`); exact spelling, since the names are identifiers.
pub fn api_key_of(name: &str) -> Option<i16> {
    API_KEYS
        .iter()
        .chain(KAFKA_NAMES.iter())
        .find(|(known, _)| *known == name)
        .map(|&(_, key)| key)
}

/// librdkafka's name of an API key, if it knows the key.
pub fn api_name_of(key: i16) -> Option<&'static str> {
    API_KEYS
        .iter()
        .find(|&&(_, known)| known == key)
        .map(|&(name, _)| name)
}

/// Every API name librdkafka knows, in key order (for error messages).
pub fn api_names() -> impl Iterator<Item = &'static str> {
    API_KEYS.iter().map(|&(name, _)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// librdkafka's `RD_KAFKAP__NUM`: keys below it are the ones it knows.
    const API_KEY_COUNT: i16 = 74;

    #[test]
    fn keys_are_unique_increasing_and_below_librdkafkas_count() {
        for pair in API_KEYS.windows(2) {
            assert!(pair[0].1 < pair[1].1, "{:?} before {:?}", pair[0], pair[1]);
        }
        assert_eq!(
            API_KEYS.last().map(|&(_, key)| key),
            Some(API_KEY_COUNT - 1)
        );
        assert!(api_name_of(62).is_none(), "librdkafka defines no key 62");
    }

    #[test]
    fn names_and_keys_map_both_ways() {
        assert_eq!(api_key_of("Produce"), Some(0));
        assert_eq!(api_key_of("InitProducerId"), Some(22));
        assert_eq!(api_key_of("EndTxn"), Some(26));
        assert_eq!(api_key_of("ApiVersions"), Some(18));
        assert_eq!(api_key_of("ApiVersion"), Some(18));
        assert_eq!(api_name_of(18), Some("ApiVersion"));
        for (name, key) in API_KEYS {
            assert_eq!(api_key_of(name), Some(key));
            assert_eq!(api_name_of(key), Some(name));
        }
    }

    #[test]
    fn unknown_names_and_keys_are_none() {
        for name in ["", "produce", "PRODUCE", "Produce ", "Nope"] {
            assert_eq!(api_key_of(name), None, "{name:?}");
        }
        for key in [-1, 62, API_KEY_COUNT, i16::MAX, i16::MIN] {
            assert_eq!(api_name_of(key), None, "{key}");
        }
        assert_eq!(api_names().count(), API_KEYS.len());
    }
}
