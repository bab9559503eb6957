;; C[m×n] += op(A)·B[k×n] in float64 with WebAssembly SIMD (f64x2 over pairs of output columns).
;;
;; The WebAssembly twin of gemmAcc in src/autodiff/kernels.ts, and bit-identical to it: for each output row the
;; non-zero coefficients op(A)[i, p] are gathered first, then applied eight, four, two and one at a time with exactly
;; the same products, the same association of the sums ((((p0 + p1) + p2) + p3) + (((p4 + p5) + p6) + p7)) and the
;; same single update of each C element per group. Each SIMD lane computes one output column, so the arithmetic per
;; element is the scalar arithmetic. IEEE-754 binary64 multiply and add are exact-rounded in both, hence the same bits.
;;
;; All addresses are byte offsets into the imported memory:
;;   a  = &A[ao], ars/acs = byte strides of op(A)'s rows/columns, b = &B[bo] (rows of n doubles), c = &C[co],
;;   sa = scratch for k doubles (gathered coefficients), sb = scratch for k i32 (their B row addresses).
;; Regenerate the embedded binary with `npm run build:wasm` after editing (a test checks that it is up to date).
(module
  (import "env" "memory" (memory 1))
  (func (export "gemmAcc")
    (param $m i32) (param $n i32) (param $k i32) (param $a i32) (param $ars i32) (param $acs i32)
    (param $b i32) (param $c i32) (param $sa i32) (param $sb i32)
    (local $i i32) (local $p i32) (local $cnt i32) (local $t i32) (local $j i32) (local $ai i32) (local $ci i32)
    (local $nb i32) (local $n2b i32) (local $pa i32) (local $pb i32) (local $cj i32) (local $av f64)
    (local $s0 f64) (local $s1 f64) (local $s2 f64) (local $s3 f64) (local $s4 f64) (local $s5 f64) (local $s6 f64) (local $s7 f64)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128) (local $v4 v128) (local $v5 v128) (local $v6 v128) (local $v7 v128)
    (local $b0 i32) (local $b1 i32) (local $b2 i32) (local $b3 i32) (local $b4 i32) (local $b5 i32) (local $b6 i32) (local $b7 i32)
    (local.set $nb (i32.shl (local.get $n) (i32.const 3)))
    (local.set $n2b (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3)))
    (local.set $i (i32.const 0))
    (block $rend (loop $rows
      (br_if $rend (i32.ge_s (local.get $i) (local.get $m)))
      (local.set $ai (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $ars))))
      (local.set $ci (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $nb))))
      ;; gather the non-zero coefficients of row i of op(A) and the addresses of their B rows
      (local.set $cnt (i32.const 0))
      (local.set $p (i32.const 0))
      (local.set $pa (local.get $ai))
      (block $gend (loop $gather
        (br_if $gend (i32.ge_s (local.get $p) (local.get $k)))
        (local.set $av (f64.load (local.get $pa)))
        (if (f64.ne (local.get $av) (f64.const 0)) (then
          (f64.store (i32.add (local.get $sa) (i32.shl (local.get $cnt) (i32.const 3))) (local.get $av))
          (i32.store (i32.add (local.get $sb) (i32.shl (local.get $cnt) (i32.const 2)))
            (i32.add (local.get $b) (i32.mul (local.get $p) (local.get $nb))))
          (local.set $cnt (i32.add (local.get $cnt) (i32.const 1)))))
        (local.set $pa (i32.add (local.get $pa) (local.get $acs)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $gather)))
      (local.set $t (i32.const 0))
      (local.set $pa (local.get $sa))
      (local.set $pb (local.get $sb))
      (block $e8 (loop $g8
        (br_if $e8 (i32.gt_s (i32.add (local.get $t) (i32.const 8)) (local.get $cnt)))
      ;; eight at a time: 8 coefficients, their B rows
      (local.set $s0 (f64.load offset=0 (local.get $pa)))
      (local.set $v0 (f64x2.splat (local.get $s0)))
      (local.set $b0 (i32.load offset=0 (local.get $pb)))
      (local.set $s1 (f64.load offset=8 (local.get $pa)))
      (local.set $v1 (f64x2.splat (local.get $s1)))
      (local.set $b1 (i32.load offset=4 (local.get $pb)))
      (local.set $s2 (f64.load offset=16 (local.get $pa)))
      (local.set $v2 (f64x2.splat (local.get $s2)))
      (local.set $b2 (i32.load offset=8 (local.get $pb)))
      (local.set $s3 (f64.load offset=24 (local.get $pa)))
      (local.set $v3 (f64x2.splat (local.get $s3)))
      (local.set $b3 (i32.load offset=12 (local.get $pb)))
      (local.set $s4 (f64.load offset=32 (local.get $pa)))
      (local.set $v4 (f64x2.splat (local.get $s4)))
      (local.set $b4 (i32.load offset=16 (local.get $pb)))
      (local.set $s5 (f64.load offset=40 (local.get $pa)))
      (local.set $v5 (f64x2.splat (local.get $s5)))
      (local.set $b5 (i32.load offset=20 (local.get $pb)))
      (local.set $s6 (f64.load offset=48 (local.get $pa)))
      (local.set $v6 (f64x2.splat (local.get $s6)))
      (local.set $b6 (i32.load offset=24 (local.get $pb)))
      (local.set $s7 (f64.load offset=56 (local.get $pa)))
      (local.set $v7 (f64x2.splat (local.get $s7)))
      (local.set $b7 (i32.load offset=28 (local.get $pb)))
      (local.set $j (i32.const 0))
      (block $vend (loop $vloop
        (br_if $vend (i32.ge_u (local.get $j) (local.get $n2b)))
        (local.set $cj (i32.add (local.get $ci) (local.get $j)))
        (v128.store (local.get $cj) (f64x2.add (v128.load (local.get $cj)) (f64x2.add (f64x2.add (f64x2.add (f64x2.add (f64x2.mul (local.get $v0) (v128.load (i32.add (local.get $b0) (local.get $j)))) (f64x2.mul (local.get $v1) (v128.load (i32.add (local.get $b1) (local.get $j))))) (f64x2.mul (local.get $v2) (v128.load (i32.add (local.get $b2) (local.get $j))))) (f64x2.mul (local.get $v3) (v128.load (i32.add (local.get $b3) (local.get $j))))) (f64x2.add (f64x2.add (f64x2.add (f64x2.mul (local.get $v4) (v128.load (i32.add (local.get $b4) (local.get $j)))) (f64x2.mul (local.get $v5) (v128.load (i32.add (local.get $b5) (local.get $j))))) (f64x2.mul (local.get $v6) (v128.load (i32.add (local.get $b6) (local.get $j))))) (f64x2.mul (local.get $v7) (v128.load (i32.add (local.get $b7) (local.get $j))))))))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $vloop)))
      (if (i32.lt_u (local.get $j) (local.get $nb)) (then
        (local.set $cj (i32.add (local.get $ci) (local.get $j)))
        (f64.store (local.get $cj) (f64.add (f64.load (local.get $cj)) (f64.add (f64.add (f64.add (f64.add (f64.mul (local.get $s0) (f64.load (i32.add (local.get $b0) (local.get $j)))) (f64.mul (local.get $s1) (f64.load (i32.add (local.get $b1) (local.get $j))))) (f64.mul (local.get $s2) (f64.load (i32.add (local.get $b2) (local.get $j))))) (f64.mul (local.get $s3) (f64.load (i32.add (local.get $b3) (local.get $j))))) (f64.add (f64.add (f64.add (f64.mul (local.get $s4) (f64.load (i32.add (local.get $b4) (local.get $j)))) (f64.mul (local.get $s5) (f64.load (i32.add (local.get $b5) (local.get $j))))) (f64.mul (local.get $s6) (f64.load (i32.add (local.get $b6) (local.get $j))))) (f64.mul (local.get $s7) (f64.load (i32.add (local.get $b7) (local.get $j))))))))))
      (local.set $t (i32.add (local.get $t) (i32.const 8)))
      (local.set $pa (i32.add (local.get $pa) (i32.const 64)))
      (local.set $pb (i32.add (local.get $pb) (i32.const 32)))
        (br $g8)))
      (if (i32.le_s (i32.add (local.get $t) (i32.const 4)) (local.get $cnt)) (then
      ;; then four: 4 coefficients, their B rows
      (local.set $s0 (f64.load offset=0 (local.get $pa)))
      (local.set $v0 (f64x2.splat (local.get $s0)))
      (local.set $b0 (i32.load offset=0 (local.get $pb)))
      (local.set $s1 (f64.load offset=8 (local.get $pa)))
      (local.set $v1 (f64x2.splat (local.get $s1)))
      (local.set $b1 (i32.load offset=4 (local.get $pb)))
      (local.set $s2 (f64.load offset=16 (local.get $pa)))
      (local.set $v2 (f64x2.splat (local.get $s2)))
      (local.set $b2 (i32.load offset=8 (local.get $pb)))
      (local.set $s3 (f64.load offset=24 (local.get $pa)))
      (local.set $v3 (f64x2.splat (local.get $s3)))
      (local.set $b3 (i32.load offset=12 (local.get $pb)))
      (local.set $j (i32.const 0))
      (block $vend (loop $vloop
        (br_if $vend (i32.ge_u (local.get $j) (local.get $n2b)))
        (local.set $cj (i32.add (local.get $ci) (local.get $j)))
        (v128.store (local.get $cj) (f64x2.add (v128.load (local.get $cj)) (f64x2.add (f64x2.add (f64x2.add (f64x2.mul (local.get $v0) (v128.load (i32.add (local.get $b0) (local.get $j)))) (f64x2.mul (local.get $v1) (v128.load (i32.add (local.get $b1) (local.get $j))))) (f64x2.mul (local.get $v2) (v128.load (i32.add (local.get $b2) (local.get $j))))) (f64x2.mul (local.get $v3) (v128.load (i32.add (local.get $b3) (local.get $j)))))))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $vloop)))
      (if (i32.lt_u (local.get $j) (local.get $nb)) (then
        (local.set $cj (i32.add (local.get $ci) (local.get $j)))
        (f64.store (local.get $cj) (f64.add (f64.load (local.get $cj)) (f64.add (f64.add (f64.add (f64.mul (local.get $s0) (f64.load (i32.add (local.get $b0) (local.get $j)))) (f64.mul (local.get $s1) (f64.load (i32.add (local.get $b1) (local.get $j))))) (f64.mul (local.get $s2) (f64.load (i32.add (local.get $b2) (local.get $j))))) (f64.mul (local.get $s3) (f64.load (i32.add (local.get $b3) (local.get $j)))))))))
      (local.set $t (i32.add (local.get $t) (i32.const 4)))
      (local.set $pa (i32.add (local.get $pa) (i32.const 32)))
      (local.set $pb (i32.add (local.get $pb) (i32.const 16)))))
      (if (i32.le_s (i32.add (local.get $t) (i32.const 2)) (local.get $cnt)) (then
      ;; then two: 2 coefficients, their B rows
      (local.set $s0 (f64.load offset=0 (local.get $pa)))
      (local.set $v0 (f64x2.splat (local.get $s0)))
      (local.set $b0 (i32.load offset=0 (local.get $pb)))
      (local.set $s1 (f64.load offset=8 (local.get $pa)))
      (local.set $v1 (f64x2.splat (local.get $s1)))
      (local.set $b1 (i32.load offset=4 (local.get $pb)))
      (local.set $j (i32.const 0))
      (block $vend (loop $vloop
        (br_if $vend (i32.ge_u (local.get $j) (local.get $n2b)))
        (local.set $cj (i32.add (local.get $ci) (local.get $j)))
        (v128.store (local.get $cj) (f64x2.add (v128.load (local.get $cj)) (f64x2.add (f64x2.mul (local.get $v0) (v128.load (i32.add (local.get $b0) (local.get $j)))) (f64x2.mul (local.get $v1) (v128.load (i32.add (local.get $b1) (local.get $j)))))))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $vloop)))
      (if (i32.lt_u (local.get $j) (local.get $nb)) (then
        (local.set $cj (i32.add (local.get $ci) (local.get $j)))
        (f64.store (local.get $cj) (f64.add (f64.load (local.get $cj)) (f64.add (f64.mul (local.get $s0) (f64.load (i32.add (local.get $b0) (local.get $j)))) (f64.mul (local.get $s1) (f64.load (i32.add (local.get $b1) (local.get $j)))))))))
      (local.set $t (i32.add (local.get $t) (i32.const 2)))
      (local.set $pa (i32.add (local.get $pa) (i32.const 16)))
      (local.set $pb (i32.add (local.get $pb) (i32.const 8)))))
      (if (i32.lt_s (local.get $t) (local.get $cnt)) (then
      ;; then one: 1 coefficients, their B rows
      (local.set $s0 (f64.load offset=0 (local.get $pa)))
      (local.set $v0 (f64x2.splat (local.get $s0)))
      (local.set $b0 (i32.load offset=0 (local.get $pb)))
      (local.set $j (i32.const 0))
      (block $vend (loop $vloop
        (br_if $vend (i32.ge_u (local.get $j) (local.get $n2b)))
        (local.set $cj (i32.add (local.get $ci) (local.get $j)))
        (v128.store (local.get $cj) (f64x2.add (v128.load (local.get $cj)) (f64x2.mul (local.get $v0) (v128.load (i32.add (local.get $b0) (local.get $j))))))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $vloop)))
      (if (i32.lt_u (local.get $j) (local.get $nb)) (then
        (local.set $cj (i32.add (local.get $ci) (local.get $j)))
        (f64.store (local.get $cj) (f64.add (f64.load (local.get $cj)) (f64.mul (local.get $s0) (f64.load (i32.add (local.get $b0) (local.get $j))))))))
      (local.set $t (i32.add (local.get $t) (i32.const 1)))
      (local.set $pa (i32.add (local.get $pa) (i32.const 8)))
      (local.set $pb (i32.add (local.get $pb) (i32.const 4)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $rows)))))
