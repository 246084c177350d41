import { cleanup } from '@testing-library/react'
import { afterEach } from 'vitest'
import { polyfillRadixSelect } from './test/tabs'

afterEach(() => cleanup())

// Radix Select (and the menus) call pointer-capture and scrolling methods jsdom lacks.
polyfillRadixSelect()
