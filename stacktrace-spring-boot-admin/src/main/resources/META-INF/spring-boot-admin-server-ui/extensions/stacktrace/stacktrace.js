/*
 * Spring Boot Admin UI extension for the stacktrace actuator endpoint: an instance view "Stack traces" and a fleet view
 * of one application's instances side by side.
 *
 * Plain JavaScript on Spring Boot Admin's globals (SBA, and Vue's runtime-only build), so no build step is needed.
 * Every request goes through Spring Boot Admin's per-instance proxy, instances/{id}/actuator/..., which streams any
 * size of body; its per-application fan-out reads whole bodies into memory and is never used here.
 *
 * Everything an instance sends is data: it is rendered as text children of elements made with Vue.h, never as markup.
 */
/* global SBA, Vue */
(function () {
	'use strict';

	const { defineComponent, h, reactive, onMounted, onBeforeUnmount } = Vue;

	const STATES = ['RUNNABLE', 'BLOCKED', 'WAITING', 'TIMED_WAITING', 'NEW', 'TERMINATED'];
	const HOT_TYPES = ['cpu', 'waited', 'blocked', 'alloc'];
	const VIRTUAL = ['include', 'exclude', 'only'];
	const DEFAULT_RETRY_SECONDS = 5;
	const FLEET_CONCURRENCY = 4;
	const MAX_LISTED_THREADS = 20;

	// ---- HTTP through Spring Boot Admin's per-instance proxy ----

	function actuatorUrl(instanceId, path, params) {
		const query = new URLSearchParams();
		Object.keys(params || {}).forEach((key) => {
			const value = params[key];
			if (value !== undefined && value !== null && String(value).trim() !== '') {
				query.set(key, String(value).trim());
			}
		});
		const search = query.toString();
		return 'instances/' + encodeURIComponent(instanceId) + '/actuator/stacktrace' + path + (search ? '?' + search : '');
	}

	// Retry-After is either seconds or an HTTP date.
	function retryAfterSeconds(header) {
		if (!header) {
			return DEFAULT_RETRY_SECONDS;
		}
		if (/^\d+$/.test(header.trim())) {
			return Math.max(1, Math.min(3600, parseInt(header.trim(), 10)));
		}
		const date = Date.parse(header);
		if (!isNaN(date)) {
			return Math.max(1, Math.min(3600, Math.ceil((date - Date.now()) / 1000)));
		}
		return DEFAULT_RETRY_SECONDS;
	}

	/**
	 * One request; the outcome is one of {ok, data}, {busy, seconds, message} (409 or 503), {missing} (404) or
	 * {error}. Never throws.
	 */
	async function request(url, asText) {
		let response;
		try {
			response = await fetch(url, {
				credentials: 'same-origin',
				headers: { Accept: asText ? 'text/plain' : 'application/json', 'X-Requested-With': 'XMLHttpRequest' },
			});
		}
		catch (ex) {
			return { error: 'request failed: ' + ex };
		}
		if (response.status === 409 || response.status === 503) {
			const message = (await response.text().catch(() => '')).slice(0, 300);
			return { busy: true, seconds: retryAfterSeconds(response.headers.get('Retry-After')), message };
		}
		if (response.status === 404) {
			return { missing: true };
		}
		if (!response.ok) {
			const message = (await response.text().catch(() => '')).slice(0, 300);
			return { error: 'HTTP ' + response.status + (message ? ': ' + message : '') };
		}
		if (asText) {
			return { ok: true, data: await response.text() };
		}
		try {
			return { ok: true, data: await response.json() };
		}
		catch (ex) {
			return { error: 'not JSON: ' + ex };
		}
	}

	/** Runs async tasks with at most {@code limit} at a time. */
	async function runLimited(tasks, limit) {
		let next = 0;
		async function worker() {
			while (next < tasks.length) {
				const task = tasks[next++];
				await task();
			}
		}
		const workers = [];
		for (let i = 0; i < Math.min(limit, tasks.length); i++) {
			workers.push(worker());
		}
		await Promise.all(workers);
	}

	/**
	 * A loader for one resource: state {loading, result, countdown}; a 409 or 503 counts down Retry-After seconds and
	 * asks again, as long as the view lives.
	 */
	function createLoader(fetchResult) {
		const state = reactive({ loading: false, result: null, countdown: 0 });
		let timer = null;
		let generation = 0;
		function stop() {
			if (timer) {
				clearInterval(timer);
				timer = null;
			}
		}
		async function load() {
			stop();
			const mine = ++generation;
			state.loading = true;
			const result = await fetchResult();
			if (mine !== generation) {
				return;
			}
			state.loading = false;
			state.result = result;
			if (result.busy) {
				state.countdown = result.seconds;
				timer = setInterval(() => {
					state.countdown--;
					if (state.countdown <= 0) {
						load();
					}
				}, 1000);
			}
		}
		function dispose() {
			generation++;
			stop();
		}
		return { state, load, dispose };
	}

	// ---- small rendering helpers: text only ----

	function text(value) {
		return value === undefined || value === null ? '' : String(value);
	}

	function frameLine(frame) {
		if (!frame || typeof frame !== 'object') {
			return text(frame);
		}
		let where;
		if (frame.native) {
			where = 'Native Method';
		}
		else if (frame.file) {
			where = frame.file + (frame.line > 0 ? ':' + frame.line : '');
		}
		else {
			where = 'Unknown Source';
		}
		return text(frame['class']) + '.' + text(frame.method) + '(' + where + ')';
	}

	function frameLines(frames) {
		const lines = [];
		frames.forEach((frame) => {
			lines.push(h('div', { class: 'st-frame' }, frameLine(frame)));
			((frame && frame.locked) || []).forEach((lock) => {
				lines.push(h('div', { class: 'st-frame st-locked' },
					'- locked <' + text(lock.identity_hash) + '> (a ' + text(lock['class']) + ')'));
			});
		});
		return lines;
	}

	// The top frames show; the rest fold away under a summary that says how many there are.
	function framesBlock(frames, shown) {
		const all = frames || [];
		const lines = frameLines(all.slice(0, shown));
		if (all.length > shown) {
			lines.push(h('details', { class: 'st-more-frames' }, [
				h('summary', { class: 'st-more' }, (all.length - shown) + ' more frames'),
				...frameLines(all.slice(shown)),
			]));
		}
		return h('div', { class: 'st-frames' }, lines);
	}

	function requestContext(thread) {
		if (!thread.request) {
			return null;
		}
		const parts = [text(thread.request), text(thread.elapsed_ms) + ' ms'];
		if (thread.trace_id) {
			parts.push('trace ' + text(thread.trace_id));
		}
		return h('span', { class: 'st-request' }, parts.join(' · '));
	}

	function busyState(state, what) {
		return h('div', { class: 'st-busy', role: 'status' }, [
			h('strong', 'A capture is running on this instance'),
			' (' + text(state.result.message || 'busy') + '): retrying ' + what + ' in ' + state.countdown + ' s.',
		]);
	}

	function outcome(state, what, render) {
		const result = state.result;
		if (!result) {
			return h('div', { class: 'st-loading' }, 'Loading ' + what + '…');
		}
		if (state.loading) {
			// The last answer stays on screen, dimmed, until the next one arrives.
			return h('div', { class: 'st-reloading', 'aria-busy': 'true' }, [
				h('div', { class: 'st-loading' }, 'Loading ' + what + '…'),
				outcome({ result, loading: false, countdown: state.countdown }, what, render),
			]);
		}
		if (result.busy) {
			return busyState(state, what);
		}
		if (result.missing) {
			return h('div', { class: 'st-error' }, 'Not found (404): ' + what);
		}
		if (result.error) {
			return h('div', { class: 'st-error' }, 'Could not load ' + what + ': ' + result.error);
		}
		return render(result.data);
	}

	function field(label, control) {
		return h('label', { class: 'st-field' }, [h('span', label), control]);
	}

	function select(options, state, key, onChange) {
		return h('select', {
			name: key,
			value: state[key],
			onChange: (event) => {
				state[key] = event.target.value;
				if (onChange) {
					onChange();
				}
			},
		}, options.map((option) => h('option', { value: option.value }, option.label)));
	}

	function input(state, key, attributes) {
		return h('input', Object.assign({
			name: key,
			value: state[key],
			onInput: (event) => {
				state[key] = event.target.value;
			},
		}, attributes));
	}

	/** Any JSON as nested text: for a response whose shape this extension does not know. */
	function anyJson(value, depth) {
		if (value === null || typeof value !== 'object') {
			return h('span', { class: 'st-value' }, text(value));
		}
		if (depth > 6) {
			return h('span', { class: 'st-value' }, JSON.stringify(value));
		}
		if (Array.isArray(value)) {
			if (value.length > 0 && value.every((item) => item && typeof item === 'object' && 'method' in item)) {
				return framesBlock(value, 12);
			}
			return h('ol', { class: 'st-json-list' }, value.map((item) => h('li', [anyJson(item, depth + 1)])));
		}
		return h('dl', { class: 'st-json' }, Object.keys(value).flatMap((key) => [
			h('dt', key),
			h('dd', [anyJson(value[key], depth + 1)]),
		]));
	}

	// ---- the instance view's parts ----

	function groupCard(group) {
		const threads = group.threads || [];
		const badges = [h('span', { class: 'st-badge' }, text(group.count) + (group.count === 1 ? ' thread' : ' threads'))];
		if (group.state) {
			badges.push(h('span', { class: 'st-badge st-state-' + String(group.state).toLowerCase() }, text(group.state)));
		}
		if (group.status && group.status !== 'ok') {
			badges.push(h('span', { class: 'st-badge st-warn' }, text(group.status)));
		}
		if (group.deadlocked) {
			badges.push(h('span', { class: 'st-badge st-danger' }, 'deadlocked'));
		}
		if (group.virtual_count) {
			badges.push(h('span', { class: 'st-badge' }, text(group.virtual_count) + ' virtual'));
		}
		if (group.serving) {
			badges.push(h('span', { class: 'st-badge st-serving' },
				text(group.serving) + ' serving, longest ' + text(group.max_elapsed_ms) + ' ms'));
		}
		const details = [];
		if (group.waiting_for) {
			const lock = group.waiting_for;
			details.push(h('div', { class: 'st-waiting' }, (lock.blocked ? 'blocked on ' : 'waiting on ') + '<'
				+ text(lock.identity_hash) + '> (a ' + text(lock['class']) + ')'
				+ (lock.owner_name !== undefined ? ' owned by ' + text(lock.owner_name) + ' (' + text(lock.owner_id) + ')' : '')));
		}
		if (group.error) {
			details.push(h('div', { class: 'st-error' }, text(group.error)));
		}
		if (group.syscall) {
			details.push(h('div', { class: 'st-waiting' }, 'in ' + text(group.syscall)));
		}
		const listed = threads.slice(0, MAX_LISTED_THREADS).map((thread) => h('li', { class: 'st-thread' }, [
			h('span', { class: 'st-thread-name' }, text(thread.name)),
			h('span', { class: 'st-thread-id' }, ' #' + text(thread.id)),
			thread.request ? ' ' : null,
			requestContext(thread),
		]));
		if (threads.length > MAX_LISTED_THREADS) {
			listed.push(h('li', { class: 'st-thread st-more' }, '… and ' + (threads.length - MAX_LISTED_THREADS) + ' more'));
		}
		return h('section', { class: 'st-group' }, [
			h('header', { class: 'st-group-header' }, badges),
			...details,
			h('ul', { class: 'st-threads' }, listed),
			framesBlock(group.frames, 12),
		]);
	}

	function reportHeader(report) {
		const summary = report.summary || {};
		const facts = [
			'threads ' + text(report.thread_count),
			'captured ' + text(summary.captured),
			'skipped ' + text(summary.skipped),
			'timed out ' + text(summary.timed_out),
			'at ' + text(report.captured_at),
			'in ' + text(report.capture_duration_ms) + ' ms',
		];
		const lines = [h('div', { class: 'st-facts' }, facts.join(' · '))];
		if (report.deadlocks && report.deadlocks.length) {
			lines.push(h('div', { class: 'st-error' }, 'Deadlocks: ' + report.deadlocks.map((cycle) => cycle.join(' → ')).join('; ')));
		}
		return lines;
	}

	function stacksPanel(view) {
		const filters = view.filters;
		const form = h('form', {
			class: 'st-filters',
			onSubmit: (event) => {
				event.preventDefault();
				view.stacks.load();
			},
		}, [
			field('State', select([{ value: '', label: 'any' }].concat(STATES.map((s) => ({ value: s, label: s }))),
				filters, 'state', view.stacks.load)),
			field('Name', input(filters, 'name', { type: 'text', placeholder: 'glob, e.g. http-nio-*' })),
			field('Min elapsed (ms)', input(filters, 'min_elapsed_ms', { type: 'number', min: '0', placeholder: 'serving ≥' })),
			field('Virtual', select(VIRTUAL.map((v) => ({ value: v, label: v })), filters, 'virtual', view.stacks.load)),
			h('button', { type: 'submit', class: 'st-button' }, 'Capture'),
			h('button', { type: 'button', class: 'st-button', onClick: view.download }, 'Download jstack'),
		]);
		const body = outcome(view.stacks.state, 'stack traces', (report) => {
			const groups = report.groups || [];
			return h('div', { class: 'st-report' }, [
				...reportHeader(report),
				groups.length === 0 ? h('div', { class: 'st-empty' }, 'No thread matches these filters.') : null,
				...groups.map(groupCard),
			]);
		});
		const parts = [form];
		if (view.downloadState.result && view.downloadState.result.busy) {
			parts.push(busyState(view.downloadState, 'the download'));
		}
		else if (view.downloadState.result && view.downloadState.result.error) {
			parts.push(h('div', { class: 'st-error' }, 'Download failed: ' + view.downloadState.result.error));
		}
		parts.push(body);
		return h('div', { class: 'st-panel st-stacks' }, parts);
	}

	function hotRow(thread, type) {
		const value = type === 'alloc'
			? text(thread.bytes_per_second) + ' B/s'
			: text(thread.percent) + ' %';
		const top = (thread.stacks || [])[0];
		return h('li', { class: 'st-hot-thread' }, [
			h('div', { class: 'st-hot-line' }, [
				h('span', { class: 'st-hot-value' }, value),
				h('span', { class: 'st-thread-name' }, text(thread.name)),
				thread.state ? h('span', { class: 'st-badge' }, text(thread.state)) : null,
				thread.jvm_thread ? h('span', { class: 'st-badge' }, 'JVM') : null,
				thread.same_stack ? h('span', { class: 'st-badge' }, 'same stack in every snapshot') : null,
				requestContext(thread),
			]),
			top ? h('details', [
				h('summary', text(top.count) + ' of ' + text(thread.snapshots_taken) + ' snapshots'),
				framesBlock(top.frames, 12),
			]) : null,
		]);
	}

	function hotList(report, limit) {
		const threads = (report.threads || []).slice(0, limit || undefined);
		if (threads.length === 0) {
			return h('div', { class: 'st-empty' }, 'No hot threads in this window.');
		}
		return h('ol', { class: 'st-hot' }, threads.map((thread) => hotRow(thread, report.type)));
	}

	function hotPanel(view) {
		const hot = view.hotParams;
		const form = h('form', {
			class: 'st-filters',
			onSubmit: (event) => {
				event.preventDefault();
				view.hot.load();
			},
		}, [
			field('Type', select(HOT_TYPES.map((t) => ({ value: t, label: t })), hot, 'type')),
			field('Interval (ms)', input(hot, 'interval_ms', { type: 'number', min: '10' })),
			field('Snapshots', input(hot, 'snapshots', { type: 'number', min: '1', max: '100' })),
			field('Threads', input(hot, 'threads', { type: 'number', min: '1' })),
			h('button', { type: 'submit', class: 'st-button' }, 'Sample'),
		]);
		const body = outcome(view.hot.state, 'hot threads', (report) => h('div', [
			h('div', { class: 'st-facts' }, text(report.type) + ' over ' + text(report.window_ms) + ' ms, '
				+ text(report.snapshots) + ' snapshots'),
			hotList(report),
		]));
		return h('div', { class: 'st-panel st-hot-panel' }, [form, body]);
	}

	function stuckPanel(view) {
		return h('div', { class: 'st-panel st-stuck' }, [
			h('div', { class: 'st-filters' }, [h('button', { type: 'button', class: 'st-button', onClick: view.stuck.load }, 'Refresh')]),
			outcome(view.stuck.state, 'stuck requests', (data) => anyJson(data, 0)),
		]);
	}

	function flamePanel(view) {
		const src = actuatorUrl(view.instance.id, '', Object.assign({ format: 'html' }, view.filters));
		return h('div', { class: 'st-panel st-flame' }, [
			h('div', { class: 'st-facts' }, 'The endpoint\'s own page, through Spring Boot Admin\'s proxy, with the filters of the stacks tab.'),
			h('iframe', { class: 'st-flame-frame', src, title: 'Flame graph', referrerpolicy: 'no-referrer' }),
		]);
	}

	const InstanceView = defineComponent({
		name: 'StackTraceInstanceView',
		props: {
			instance: { type: Object, required: true },
			application: { type: Object, required: false, default: null },
		},
		setup(props) {
			const id = props.instance.id;
			const filters = reactive({ state: '', name: '', min_elapsed_ms: '', virtual: 'include' });
			const hotParams = reactive({ type: 'cpu', interval_ms: '500', snapshots: '10', threads: '5' });
			const tabs = reactive({ current: 'stacks', stuckAvailable: false, stuckKnown: false });
			const stacks = createLoader(() => request(actuatorUrl(id, '', Object.assign({ format: 'json', group: 'true' }, filters))));
			const hot = createLoader(() => request(actuatorUrl(id, '/hot', Object.assign({ format: 'json' }, hotParams))));
			const stuck = createLoader(async () => {
				const result = await request(actuatorUrl(id, '/stuck', { format: 'json' }));
				// Instances without the operation answer 404: the tab stays hidden.
				tabs.stuckAvailable = !result.missing;
				tabs.stuckKnown = true;
				return result;
			});
			const downloadLoader = createLoader(async () => {
				const result = await request(actuatorUrl(id, '', Object.assign({ format: 'jstack' }, filters)), true);
				if (result.ok) {
					const link = document.createElement('a');
					link.href = URL.createObjectURL(new Blob([result.data], { type: 'text/plain' }));
					link.download = 'stacktrace-' + id + '.jstack.txt';
					document.body.appendChild(link);
					link.click();
					link.remove();
					setTimeout(() => URL.revokeObjectURL(link.href), 1000);
				}
				return result;
			});
			const view = {
				instance: props.instance, filters, hotParams, stacks, hot, stuck,
				downloadState: downloadLoader.state, download: downloadLoader.load,
			};
			function open(tab) {
				tabs.current = tab;
				if (tab === 'hot' && !hot.state.result) {
					hot.load();
				}
			}
			onMounted(() => {
				stacks.load();
				stuck.load();
			});
			onBeforeUnmount(() => [stacks, hot, stuck, downloadLoader].forEach((loader) => loader.dispose()));
			return () => {
				const names = [['stacks', 'Stacks'], ['hot', 'Hot threads']];
				if (tabs.stuckAvailable) {
					names.push(['stuck', 'Stuck requests']);
				}
				names.push(['flame', 'Flame graph']);
				const siblings = props.application && props.application.instances
					? props.application.instances.filter((i) => i.hasEndpoint && i.hasEndpoint('stacktrace')).length : 0;
				const panels = { stacks: stacksPanel, hot: hotPanel, stuck: stuckPanel, flame: flamePanel };
				const panel = (panels[tabs.current] && (tabs.current !== 'stuck' || tabs.stuckAvailable))
					? panels[tabs.current](view) : stacksPanel(view);
				const stuck = !tabs.stuckKnown ? 'unknown' : (tabs.stuckAvailable ? 'available' : 'absent');
				return h('div', { class: 'st-view', 'data-stuck': stuck }, [
					h('nav', { class: 'st-tabs' }, [
						...names.map(([key, label]) => h('button', {
							type: 'button',
							class: 'st-tab' + (tabs.current === key ? ' st-tab-active' : ''),
							'data-tab': key,
							onClick: () => open(key),
						}, label)),
						siblings > 1 ? h('a', {
							class: 'st-fleet-link',
							href: 'stacktrace-fleet/' + encodeURIComponent(props.application.name),
						}, 'All ' + siblings + ' instances of ' + text(props.application.name)) : null,
					]),
					panel,
				]);
			};
		},
	});

	// ---- the fleet view ----

	function instanceColumn(entry) {
		const instance = entry.instance;
		const registration = instance.registration || {};
		return h('section', { class: 'st-fleet-column', 'data-instance': instance.id }, [
			h('header', { class: 'st-fleet-header' }, [
				h('a', { href: 'instances/' + encodeURIComponent(instance.id) + '/stacktrace' }, text(instance.id)),
				h('div', { class: 'st-facts' }, text(registration.serviceUrl || registration.managementUrl)),
			]),
			h('h4', 'Stuck requests'),
			h('div', { class: 'st-stuck-section' }, [entry.stuck.state.result && entry.stuck.state.result.missing
				? h('div', { class: 'st-empty' }, 'This instance has no stuck-requests operation.')
				: outcome(entry.stuck.state, 'stuck requests', (data) => anyJson(data, 0))]),
			h('h4', 'Top hot threads (CPU)'),
			h('div', { class: 'st-hot-section' }, [outcome(entry.hot.state, 'hot threads', (report) => hotList(report, 5))]),
		]);
	}

	const FleetView = defineComponent({
		name: 'StackTraceFleetView',
		props: {
			application: { type: String, required: false, default: '' },
		},
		setup(props) {
			const store = SBA.useApplicationStore();
			const entries = new Map();
			let disposed = false;
			function entryOf(instance) {
				let entry = entries.get(instance.id);
				if (!entry) {
					entry = {
						instance,
						hot: createLoader(() => request(actuatorUrl(instance.id, '/hot',
							{ format: 'json', type: 'cpu', interval_ms: '500', snapshots: '5', threads: '5' }))),
						stuck: createLoader(() => request(actuatorUrl(instance.id, '/stuck', { format: 'json' }))),
					};
					entries.set(instance.id, entry);
				}
				return entry;
			}
			function applicationByName() {
				return (store.applications.value || []).find((a) => a.name === props.application);
			}
			function instancesOf(application) {
				return application ? application.instances.filter((i) => i.hasEndpoint('stacktrace')) : [];
			}
			// Each instance through its own proxy path, a few at a time, so a large fleet is not asked all at once.
			async function refresh() {
				const tasks = [];
				instancesOf(applicationByName()).forEach((instance) => {
					const entry = entryOf(instance);
					tasks.push(() => disposed ? null : entry.stuck.load());
					tasks.push(() => disposed ? null : entry.hot.load());
				});
				await runLimited(tasks, FLEET_CONCURRENCY);
			}
			let started = false;
			function startOnce() {
				if (!started && instancesOf(applicationByName()).length > 0) {
					started = true;
					refresh();
				}
			}
			const stopWatching = Vue.watch(() => store.applications.value, startOnce, { immediate: true });
			onBeforeUnmount(() => {
				disposed = true;
				stopWatching();
				entries.forEach((entry) => {
					entry.hot.dispose();
					entry.stuck.dispose();
				});
			});
			return () => {
				if (!props.application) {
					const applications = (store.applications.value || [])
						.filter((a) => a.instances.some((i) => i.hasEndpoint('stacktrace')));
					return h('div', { class: 'st-view st-fleet' }, [
						h('h2', 'Stack traces across a fleet'),
						applications.length === 0 ? h('div', { class: 'st-empty' }, 'No registered instance exposes the stacktrace endpoint.') : null,
						h('ul', { class: 'st-fleet-apps' }, applications.map((a) => h('li', [
							h('a', { href: 'stacktrace-fleet/' + encodeURIComponent(a.name) }, text(a.name)),
							' (' + instancesOf(a).length + ' instances)',
						]))),
					]);
				}
				const instances = instancesOf(applicationByName());
				return h('div', { class: 'st-view st-fleet' }, [
					h('div', { class: 'st-filters' }, [
						h('h2', { class: 'st-fleet-title' }, text(props.application) + ': ' + instances.length + ' instances'),
						h('button', { type: 'button', class: 'st-button', onClick: refresh }, 'Refresh'),
					]),
					instances.length === 0 ? h('div', { class: 'st-empty' }, 'No instance of this application exposes the stacktrace endpoint.') : null,
					h('div', { class: 'st-fleet-grid' }, instances.map((instance) => instanceColumn(entryOf(instance)))),
				]);
			};
		},
	});

	SBA.use({
		install({ viewRegistry }) {
			viewRegistry.addView({
				name: 'instances/stacktrace',
				parent: 'instances',
				path: 'stacktrace',
				label: 'Stack traces',
				group: 'jvm',
				order: 410,
				component: InstanceView,
				isEnabled: ({ instance }) => instance.hasEndpoint('stacktrace'),
			});
			viewRegistry.addView({
				name: 'stacktrace-fleet',
				path: '/stacktrace-fleet/:application?',
				props: true,
				label: 'Stack traces',
				order: 150,
				component: FleetView,
			});
		},
	});
})();
