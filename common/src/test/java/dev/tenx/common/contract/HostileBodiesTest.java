package dev.tenx.common.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tenx.common.spi.Stage;
import dev.tenx.common.wire.Encoding;
import dev.tenx.common.wire.ErrorCode;
import dev.tenx.common.wire.Message;
import dev.tenx.common.wire.MessageCodec;
import dev.tenx.common.wire.ProduceRequest;
import dev.tenx.common.wire.ProtocolException;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The hostile bodies of {@link AbstractProtocolErrorContractTest}, in every encoding, against the
 * codec alone: each must already be {@link ErrorCode#CORRUPT_MESSAGE} there. Every stage speaks
 * JSON today, so the protobuf bodies reach no broker yet; this keeps them honest until one does,
 * and shows that a broker's answer comes from the codec, not from a handler.
 */
class HostileBodiesTest {

    private final AbstractProtocolErrorContractTest suite = new AbstractProtocolErrorContractTest() {
        @Override
        protected Stage stage() {
            throw new UnsupportedOperationException("only the suite's tables of bodies are used here");
        }
    };

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void everyUndecodableBodyIsCorruptInTheCodec(Encoding encoding) {
        var bodies = suite.undecodableBodies(encoding);

        assertThat(bodies).as("undecodable bodies in %s", encoding).isNotEmpty();
        bodies.forEach((name, body) -> assertCorrupt(encoding, name, ProduceRequest.class, body));
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void everyIncompleteBodyIsCorruptInTheCodec(Encoding encoding) {
        var bodies = suite.incompleteBodies(encoding);

        assertThat(bodies).as("incomplete bodies in %s", encoding).isNotEmpty();
        bodies.forEach((name, body) -> assertCorrupt(encoding, name, body.apiKey().requestType(), body.bytes()));
    }

    private static void assertCorrupt(Encoding encoding, String name, Class<? extends Message> type, byte[] body) {
        ProtocolException e = catchThrowableOfType(ProtocolException.class,
                () -> MessageCodec.forEncoding(encoding).decode(type, Unpooled.wrappedBuffer(body)));

        assertThat(e).as("what decoding \"%s\" (%s) as a %s %s throws", name, HexFormat.of().formatHex(body),
                encoding, type.getSimpleName()).isNotNull();
        assertThat(e.errorCode()).as("error code for \"%s\" in %s", name, encoding).isEqualTo(ErrorCode.CORRUPT_MESSAGE);
    }
}
