import * as RadixMenu from '@radix-ui/react-dropdown-menu'
import type { LucideIcon } from 'lucide-react'
import { forwardRef, type ReactNode } from 'react'

export interface MenuAction {
  label: string
  icon: LucideIcon
  onSelect: () => void
  danger?: boolean
  disabled?: boolean
}

interface MenuProps {
  trigger: ReactNode  // a button: Radix gives it the menu's keyboard and aria wiring
  actions: MenuAction[]
}

// A dropdown of actions on Radix DropdownMenu (arrows, type-ahead, Escape, focus back to the
// trigger).
export const Menu = forwardRef<HTMLDivElement, MenuProps>(function Menu({ trigger, actions }, ref) {
  return (
    <RadixMenu.Root modal={false}>
      <RadixMenu.Trigger asChild>{trigger}</RadixMenu.Trigger>
      {/* Not portalled: the menu stays inside the page's landmarks (it is positioned fixed, so
          no scrolling box clips it). */}
      <RadixMenu.Content ref={ref} className="menu" align="end" sideOffset={4} collisionPadding={8}>
        {actions.map(({ label, icon: Icon, onSelect, danger, disabled }) => (
          <RadixMenu.Item
            key={label}
            className={danger ? 'menu-item danger' : 'menu-item'}
            disabled={disabled}
            onSelect={onSelect}
          >
            <Icon aria-hidden size={16} />
            {label}
          </RadixMenu.Item>
        ))}
      </RadixMenu.Content>
    </RadixMenu.Root>
  )
})
