// A stand-in for React in the hook's test (React is a peer dependency, not installed here):
// just enough of useState and useEffect to render one function component again and again
// as its state changes, the way React does, with effects run after a render.
let current = null;

export function useState(initial) {
	const component = current;
	const slot = component.slot++;
	if (!(slot in component.states)) {
		component.states[slot] = typeof initial === 'function' ? initial() : initial;
	}
	const set = (value) => {
		component.states[slot] = typeof value === 'function' ? value(component.states[slot]) : value;
		component.schedule();
	};
	return [component.states[slot], set];
}

export function useEffect(effect, deps) {
	const component = current;
	const slot = component.slot++;
	const previous = component.effects[slot];
	if (!previous || !deps || deps.some((dep, i) => dep !== previous.deps[i])) {
		component.pending.push(() => {
			if (previous && typeof previous.cleanup === 'function') {
				previous.cleanup();
			}
			component.effects[slot] = { deps, cleanup: effect() };
		});
	}
}

/** Renders a component; returns its renders so far and an unmount. Not part of React's API. */
export function render(body) {
	const component = { states: {}, effects: {}, pending: [], slot: 0, renders: [], scheduled: false };
	const run = () => {
		component.scheduled = false;
		current = component;
		component.slot = 0;
		try {
			component.renders.push(body());
		}
		finally {
			current = null;
		}
		component.pending.splice(0).forEach((effect) => effect());
	};
	component.schedule = () => {
		if (!component.scheduled) {
			component.scheduled = true;
			queueMicrotask(run);
		}
	};
	run();
	return {
		renders: component.renders,
		unmount: () => Object.values(component.effects)
			.forEach((effect) => typeof effect.cleanup === 'function' && effect.cleanup()),
	};
}
