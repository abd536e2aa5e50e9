// Orbit controls (rotate, zoom, pan), auto-rotate, camera easing and the camera ⇄ view-store
// sync of the manifold. The pose is written to the store when a drag or zoom ends (debounced),
// when an ease ends and when auto-rotate stops — never per frame. A pose that changes in the
// store from outside (a deep link) is eased to; a null pose means "frame the points that carry
// the activation, facing their plane" (core/manifold/frame); a command frames other points.
import { useCallback, useEffect, useRef } from 'react';
import { useFrame, useThree } from '@react-three/fiber';
import { Quaternion, Spherical, Vector3, type PerspectiveCamera } from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { framePose, type Frame } from '../../core/manifold/frame';
import type { Bounds } from '../../core/manifoldPoints';
import type { CameraPose } from '../../state/viewStore';
import type { CameraSteps } from './keyboard';
import { easeInOut, interpolatePose, posesClose, roundPose } from './poses';
import { MANIFOLD_TUNING as T } from './tuning';

export interface CameraRigProps {
  /** The store's pose; null = show `frame`. */
  pose: CameraPose | null;
  /** The default view of the points; null while there are none (or they are stale). */
  frame: Frame | null;
  /** All the points (clip planes and zoom limits follow their size). */
  bounds: Bounds | null;
  /** A one-off request to show another frame (frame all, pinned, view along an axis). */
  command: { seq: number; frame: Frame } | null;
  autoRotate: boolean;
  onCamera: (pose: CameraPose) => void;
  /** The user started dragging or zooming. */
  onInteract: () => void;
  /** Receives the camera steps the canvas's keys use (orbit, zoom). */
  stepsRef?: { current: CameraSteps | null };
}

interface Tween {
  from: CameraPose;
  to: CameraPose;
  t0: number;
  ms: number;
  writeAtEnd: boolean;
}

export function CameraRig({
  pose,
  frame,
  bounds,
  command,
  autoRotate,
  onCamera,
  onInteract,
  stepsRef,
}: CameraRigProps) {
  // Read the camera through `get` inside callbacks: it is mutated in place, never re-rendered.
  const get = useThree((s) => s.get);
  const cam = useCallback(() => get().camera as PerspectiveCamera, [get]);
  const invalidate = useCallback(() => get().invalidate(), [get]);
  const controls = useRef<OrbitControls | null>(null);
  const tween = useRef<Tween | null>(null);
  const lastWritten = useRef<CameraPose | null>(null);
  const shown = useRef(false);
  const writeTimer = useRef(0);
  const callbacks = useRef({ onCamera, onInteract });
  useEffect(() => {
    callbacks.current = { onCamera, onInteract };
  }, [onCamera, onInteract]);

  const currentPose = useCallback((): CameraPose => {
    const t = controls.current?.target;
    const camera = cam();
    return {
      position: [camera.position.x, camera.position.y, camera.position.z],
      target: t ? [t.x, t.y, t.z] : [0, 0, 0],
      up: [camera.up.x, camera.up.y, camera.up.z],
    };
  }, [cam]);

  const write = useCallback(() => {
    window.clearTimeout(writeTimer.current);
    const p = roundPose(currentPose(), T.poseDigits);
    lastWritten.current = p;
    callbacks.current.onCamera(p);
  }, [currentPose]);

  // Orbit controls never change `up` (they orbit around it), so a pose's position and target
  // are applied and its up is kept as the camera's.
  const apply = useCallback(
    (p: CameraPose) => {
      const camera = cam();
      camera.position.set(...p.position);
      controls.current?.target.set(...p.target);
      camera.lookAt(...p.target);
    },
    [cam],
  );

  const goTo = useCallback(
    (p: CameraPose, ms: number, writeAtEnd: boolean) => {
      tween.current = null;
      if (ms <= 0) {
        apply(p);
        controls.current?.update();
        if (writeAtEnd) write();
      } else {
        tween.current = { from: currentPose(), to: p, t0: performance.now(), ms, writeAtEnd };
      }
      invalidate();
    },
    [apply, currentPose, invalidate, write],
  );

  useEffect(() => {
    const { camera, gl } = get();
    const c = new OrbitControls(camera, gl.domElement);
    c.enableDamping = false;
    c.zoomToCursor = true;
    c.autoRotateSpeed = 60 / T.autoRotateTurnS;
    const onChange = () => invalidate();
    const onStart = () => {
      tween.current = null;
      window.clearTimeout(writeTimer.current);
      callbacks.current.onInteract();
    };
    const onEnd = () => {
      window.clearTimeout(writeTimer.current);
      writeTimer.current = window.setTimeout(write, T.cameraWriteDebounceMs);
    };
    c.addEventListener('change', onChange);
    c.addEventListener('start', onStart);
    c.addEventListener('end', onEnd);
    controls.current = c;
    return () => {
      c.removeEventListener('change', onChange);
      c.removeEventListener('start', onStart);
      c.removeEventListener('end', onEnd);
      c.dispose();
      window.clearTimeout(writeTimer.current);
      controls.current = null;
    };
  }, [get, invalidate, write]);

  // Keyboard steps: move the camera like a drag or a wheel turn would (the pose is written once
  // the keys rest), around `up` as the orbit controls do, within their distance limits.
  useEffect(() => {
    if (!stepsRef) return;
    const step = (move: (offset: Vector3) => void) => {
      const c = controls.current;
      if (!c) return;
      tween.current = null;
      callbacks.current.onInteract();
      const camera = cam();
      const offset = camera.position.clone().sub(c.target);
      move(offset);
      camera.position.copy(c.target).add(offset);
      camera.lookAt(c.target);
      c.update();
      invalidate();
      window.clearTimeout(writeTimer.current);
      writeTimer.current = window.setTimeout(write, T.cameraWriteDebounceMs);
    };
    const steps: CameraSteps = {
      orbit: (azimuthRad, elevationRad) =>
        step((offset) => {
          const toYUp = new Quaternion().setFromUnitVectors(cam().up, new Vector3(0, 1, 0));
          const s = new Spherical().setFromVector3(offset.applyQuaternion(toYUp));
          s.theta -= azimuthRad;
          s.phi = Math.min(Math.PI - 1e-3, Math.max(1e-3, s.phi - elevationRad));
          offset.setFromSpherical(s).applyQuaternion(toYUp.invert());
        }),
      zoom: (factor) =>
        step((offset) => {
          const c = controls.current;
          const length = offset.length() / factor;
          offset.setLength(
            Math.min(c?.maxDistance ?? Infinity, Math.max(c?.minDistance ?? 0, length)),
          );
        }),
    };
    stepsRef.current = steps;
    return () => {
      if (stepsRef.current === steps) stepsRef.current = null;
    };
  }, [stepsRef, cam, invalidate, write]);

  // Clip planes and zoom limits follow the size of the points.
  useEffect(() => {
    const c = controls.current;
    if (!bounds || !c) return;
    const camera = cam();
    camera.near = bounds.radius * 1e-3;
    camera.far = bounds.radius * 1e3;
    camera.updateProjectionMatrix();
    c.minDistance = bounds.radius * T.minDistanceRadii;
    c.maxDistance = bounds.radius * T.maxDistanceRadii;
    invalidate();
  }, [bounds, cam, invalidate]);

  // Apply the store's pose, or frame the points when it is null.
  useEffect(() => {
    if (!controls.current) return;
    if (pose) {
      if (lastWritten.current && posesClose(pose, lastWritten.current)) return;
      lastWritten.current = pose;
      goTo(pose, shown.current ? T.tweenMs : 0, false);
      shown.current = true;
      return;
    }
    // Frame the points. An ease or a pending write for the previous points is obsolete: left
    // running, it would write their pose over this null and the new points would never frame.
    tween.current = null;
    window.clearTimeout(writeTimer.current);
    lastWritten.current = null;
    if (!frame) return;
    goTo(framePose(frame, T.fovDeg, T.frameMargin), shown.current ? T.tweenMs : 0, true);
    shown.current = true;
  }, [pose, frame, goTo]);

  // A command eases to its frame once per request.
  const lastCommand = useRef(0);
  useEffect(() => {
    if (!command || command.seq === lastCommand.current || !controls.current) return;
    lastCommand.current = command.seq;
    goTo(framePose(command.frame, T.fovDeg, T.frameMargin), T.tweenMs, true);
    shown.current = true;
  }, [command, goTo]);

  useEffect(() => {
    const c = controls.current;
    if (!c) return;
    const was = c.autoRotate;
    c.autoRotate = autoRotate;
    if (was && !autoRotate) write();
    invalidate();
  }, [autoRotate, invalidate, write]);

  useFrame((_, deltaS) => {
    const c = controls.current;
    if (!c) return;
    const tw = tween.current;
    if (tw) {
      const t = (performance.now() - tw.t0) / tw.ms;
      apply(interpolatePose(tw.from, tw.to, easeInOut(t)));
      if (t >= 1) {
        tween.current = null;
        c.update();
        if (tw.writeAtEnd) write();
      }
      invalidate();
    } else if (c.autoRotate) {
      c.update(deltaS);
      invalidate();
    }
  });
  return null;
}
