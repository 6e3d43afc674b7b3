package io.github.stacktrace.test;

import java.lang.reflect.InvocationTargetException;

/**
 * Starts virtual threads from tests compiled for Java 17, through the Java 21 API found at run time.
 */
public final class VirtualThreadStarter {

	private VirtualThreadStarter() {
	}

	/**
	 * Starts a named virtual thread.
	 * @param name the thread's name
	 * @param task what it runs
	 * @return the started thread
	 * @throws IllegalStateException before Java 21
	 */
	public static Thread start(String name, Runnable task) {
		try {
			Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
			Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
			builder = ofVirtual.getMethod("name", String.class).invoke(builder, name);
			return (Thread) Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class)
				.invoke(builder, task);
		}
		catch (InvocationTargetException ex) {
			throw new IllegalStateException(ex.getCause());
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("virtual threads need Java 21", ex);
		}
	}

}
