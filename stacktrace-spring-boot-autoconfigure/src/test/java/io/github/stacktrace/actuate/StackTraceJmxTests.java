package io.github.stacktrace.actuate;

import java.util.Arrays;
import java.util.Set;

import javax.management.MBeanException;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The endpoint over JMX: the MBean Boot registers, its {@code stackTrace} operation's report and its errors. The
 * shared context exposes the endpoint over JMX as well as over HTTP.
 */
@SharedStackTraceContext
class StackTraceJmxTests {

	private static final String[] PARAMETERS = { "thread_id", "tid", "mode", "dwarf_location_info_mode", "timeout_ms",
			"skip_blocking_syscalls", "format", "group", "state", "name", "virtual", "min_elapsed_ms" };

	@Autowired
	private MBeanServer mBeanServer;

	@Test
	void endpointIsRegisteredUnderBootsEndpointName() throws Exception {
		Set<ObjectName> names = this.mBeanServer.queryNames(new ObjectName("org.springframework.boot:type=Endpoint,*"),
				null);
		assertThat(names).contains(new ObjectName("org.springframework.boot:type=Endpoint,name=Stacktrace"));
	}

	@Test
	void stackTraceOperationTakesTheHttpParametersAsStrings() throws Exception {
		MBeanOperationInfo operation = stackTraceOperation();
		assertThat(operation.getReturnType()).isEqualTo(String.class.getName());
		assertThat(operation.getSignature()).extracting(MBeanParameterInfo::getName).containsExactly(PARAMETERS);
		assertThat(operation.getSignature()).extracting(MBeanParameterInfo::getType)
			.containsOnly(String.class.getName());
	}

	@Test
	void stackTraceWithNoArgumentsReturnsTheTextReport() throws Exception {
		Object result = invoke(new String[PARAMETERS.length]);
		assertThat(result).isInstanceOf(String.class);
		String body = (String) result;
		assertThat(body.lines().limit(8)).satisfiesExactly(
				(line) -> assertThat(line).isEqualTo("JVM thread stack traces"),
				(line) -> assertThat(line).matches("pid: \\d+"), (line) -> assertThat(line).startsWith("jvm: "),
				(line) -> assertThat(line).matches("thread_count: \\d+"),
				(line) -> assertThat(line).isEqualTo("timeout_ms_per_thread: 100"),
				(line) -> assertThat(line).isEqualTo("dwarf_location_info_mode: fast"),
				(line) -> assertThat(line).isEqualTo("skip_blocking_syscalls: false"),
				(line) -> assertThat(line).startsWith("capture_method: thread_"));
		TextReport.parse(body).assertConsistent();
		assertThat(body).containsPattern("(?m)^----- thread \\d+ \\(.*\\) status=ok_current_thread .* -----$");
	}

	@Test
	void stackTraceWithBadThreadIdThrowsWithTheHttpMessage() throws Exception {
		String[] arguments = new String[PARAMETERS.length];
		arguments[0] = "abc";
		// Boot wraps the failure in an MBeanException and, so that a JMX client needs no classes of ours, turns
		// exceptions outside java.* into an IllegalStateException with the same message.
		assertThatExceptionOfType(MBeanException.class).isThrownBy(() -> invoke(arguments))
			.withMessage("invalid thread_id: abc")
			.havingCause()
			.isInstanceOf(IllegalStateException.class)
			.withMessage("invalid thread_id: abc");
	}

	@Test
	void stackTraceWithControlCharactersInAValueThrowsWithAnEscapedMessage() throws Exception {
		String[] arguments = new String[PARAMETERS.length];
		arguments[2] = "fast\n----- thread 1 (main) status=ok -----\u001b";
		assertThatExceptionOfType(MBeanException.class).isThrownBy(() -> invoke(arguments))
			.withMessageStartingWith("invalid mode: fast\\n----- thread 1 (main) status=ok -----\\u001b,")
			.withMessageNotContaining("\n");
	}

	@Test
	void hotThreadsOperationReturnsTheTextReport() throws Exception {
		String[] arguments = { "hot", "2", "10", "1", "cpu", "false", null, null, null, null };
		String[] signature = new String[arguments.length];
		Arrays.fill(signature, String.class.getName());
		Object result = this.mBeanServer.invoke(endpointName(), "hotThreads", arguments, signature);
		assertThat(result).isInstanceOf(String.class);
		assertThat(((String) result).lines().findFirst()).hasValue("JVM hot threads");
		assertThat((String) result).containsPattern("(?m)^totals: process_cpu=");
	}

	private Object invoke(String[] arguments) throws Exception {
		String[] signature = new String[PARAMETERS.length];
		Arrays.fill(signature, String.class.getName());
		return this.mBeanServer.invoke(endpointName(), "stackTrace", arguments, signature);
	}

	private MBeanOperationInfo stackTraceOperation() throws Exception {
		return Arrays.stream(this.mBeanServer.getMBeanInfo(endpointName()).getOperations())
			.filter((operation) -> operation.getName().equals("stackTrace"))
			.findFirst()
			.orElseThrow();
	}

	private ObjectName endpointName() throws Exception {
		Set<ObjectName> names = this.mBeanServer
			.queryNames(new ObjectName("org.springframework.boot:type=Endpoint,name=Stacktrace,*"), null);
		assertThat(names).hasSize(1);
		return names.iterator().next();
	}

}
