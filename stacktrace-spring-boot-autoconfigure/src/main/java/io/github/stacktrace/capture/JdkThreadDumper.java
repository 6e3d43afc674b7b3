package io.github.stacktrace.capture;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import com.sun.management.HotSpotDiagnosticMXBean;
import org.jspecify.annotations.Nullable;

/**
 * The JDK's JSON thread dump and {@code Thread#isVirtual}, found by reflection so that the starter runs on Java 17,
 * where neither exists.
 */
final class JdkThreadDumper {

	private JdkThreadDumper() {
	}

	/**
	 * {@code Thread#isVirtual}, or {@code null} before Java 21.
	 * @return the handle, or {@code null}
	 */
	static @Nullable MethodHandle isVirtualHandle() {
		try {
			return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
		}
		catch (ReflectiveOperationException ex) {
			return null;
		}
	}

	/**
	 * The JDK's dump as JSON, or {@code null} before Java 21 or on a JVM without HotSpot's diagnostic bean.
	 * @return the dumper, or {@code null}
	 */
	static VirtualThreadDump.@Nullable Dumper create() {
		try {
			Class<?> format = Class.forName("com.sun.management.HotSpotDiagnosticMXBean$ThreadDumpFormat");
			Object json = null;
			for (Object constant : format.getEnumConstants()) {
				if (((Enum<?>) constant).name().equals("JSON")) {
					json = constant;
				}
			}
			Method dumpThreads = HotSpotDiagnosticMXBean.class.getMethod("dumpThreads", String.class, format);
			HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
			if (json == null || bean == null || isVirtualHandle() == null) {
				return null;
			}
			Object jsonFormat = json;
			return (file) -> {
				try {
					dumpThreads.invoke(bean, file.toString(), jsonFormat);
				}
				catch (InvocationTargetException ex) {
					throw (ex.getCause() instanceof Exception cause) ? cause : ex;
				}
			};
		}
		catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
			// Before Java 21, or a JVM without HotSpot's diagnostic bean: no virtual threads to show.
			return null;
		}
	}

}
