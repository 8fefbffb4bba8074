package dev.tenx.binary;

import dev.tenx.common.contract.AbstractProtocolErrorContractTest;
import dev.tenx.common.spi.Stage;
import dev.tenx.common.wire.Encoding;
import java.util.HexFormat;
import java.util.Map;

/**
 * The contract's hostile frames, and the protobuf bodies this stage's broker must refuse by its
 * scan alone, without decoding a record: each kind the issue names.
 */
class BinaryProtocolErrorTest extends AbstractProtocolErrorContractTest {

    @Override
    protected Stage stage() {
        return new BinaryStage();
    }

    @Override
    protected Map<String, byte[]> undecodableBodies(Encoding encoding) {
        Map<String, byte[]> bodies = super.undecodableBodies(encoding);
        HexFormat hex = HexFormat.of();
        bodies.put("producer_id of the wrong wire type", hex.parseHex("090000000000000000" + "1000"));
        bodies.put("a record length past the end", hex.parseHex("0801" + "1000" + "7a09" + "0a00" + "1200" + "1801"));
        bodies.put("an unknown envelope field", hex.parseHex("0801" + "1000" + "1801"));
        bodies.put("an unknown record field", hex.parseHex("0801" + "1000" + "7a08" + "0a00" + "1200" + "1801" + "2001"));
        bodies.put("a record without its value", hex.parseHex("0801" + "1000" + "7a04" + "0a00" + "1801"));
        return bodies;
    }
}
