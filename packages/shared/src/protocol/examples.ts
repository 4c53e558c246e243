import type { CommandMessage, CommandName } from './events.js';
import type { Role } from './roles.js';

export type ExampleTable = {
  [R in Role]: { [E in CommandName<R>]: CommandMessage<R, E> };
};

/**
 * One valid message of every command of every namespace. docs/PROTOCOL.md shows these (a test
 * keeps them equal), and bad-input tests start from them to make malformed variants.
 */
export const EXAMPLE_MESSAGES: ExampleTable = {
  kiosk: {
    issue_ticket: {
      commandId: 'k1-7f3a9c2e-0001',
      itinerary: [{ serviceIds: ['business-license'] }, { serviceIds: ['tax', 'seal'] }],
      class: 'normal',
    },
    check_in: { commandId: 'k1-7f3a9c2e-0003', code: '381920', phoneLast4: '0417' },
    device_status: {
      commandId: 'k1-7f3a9c2e-0002',
      state: 'warning',
      detail: 'paper near end',
      printer: { paper: 'near_end', coverOpen: false, online: true },
    },
    request_assist: { commandId: 'k1-7f3a9c2e-0004' },
    confirm_remote: { commandId: 'k1-7f3a9c2e-0005', code: '530217' },
  },
  window: {
    staff_login: { commandId: 'w3-5b1d0e44-0001', staffCode: 'S0042', pin: '482913' },
    staff_resume: {
      commandId: 'w3-5b1d0e44-0021',
      session: 'q3Vd0Qx2l8bH5yZ1mC7nT4rW9sE6uK0aJ2pF8gL5hN1',
    },
    staff_logout: { commandId: 'w3-5b1d0e44-0002' },
    open_window: { commandId: 'w3-5b1d0e44-0003' },
    pause_window: { commandId: 'w3-5b1d0e44-0004', reason: 'break' },
    resume_window: { commandId: 'w3-5b1d0e44-0005' },
    close_window: { commandId: 'w3-5b1d0e44-0006' },
    call_next: { commandId: 'w3-5b1d0e44-0007' },
    call_specific: { commandId: 'w3-5b1d0e44-0008', ticketId: '2025-03-14/A017' },
    recall: { commandId: 'w3-5b1d0e44-0009' },
    start_serving: { commandId: 'w3-5b1d0e44-0010' },
    finish: { commandId: 'w3-5b1d0e44-0011' },
    no_show: { commandId: 'w3-5b1d0e44-0012' },
    put_back: { commandId: 'w3-5b1d0e44-0013' },
    transfer: {
      commandId: 'w3-5b1d0e44-0014',
      toServiceId: 'tax',
      toWindowId: null,
      note: 'needs the tax registration first',
    },
    park: {
      commandId: 'w3-5b1d0e44-0015',
      until: null,
      note: 'fetching the lease contract',
    },
    unpark: { commandId: 'w3-5b1d0e44-0016', ticketId: '2025-03-14/A017' },
    cancel: { commandId: 'w3-5b1d0e44-0017', ticketId: '2025-03-14/A019' },
    device_status: { commandId: 'w3-5b1d0e44-0018', state: 'ok', detail: 'LED screen on COM3' },
    day_figures: { commandId: 'w3-5b1d0e44-0019' },
    ticket_holder: { commandId: 'w3-5b1d0e44-0020' },
    answer_assist: { commandId: 'w3-5b1d0e44-0022', requestId: '2025-03-14/H2' },
    close_assist: {
      commandId: 'w3-5b1d0e44-0023',
      requestId: '2025-03-14/H2',
      reason: 'visitor_left',
    },
  },
  rate: {
    rate: {
      commandId: 'r3-90ac11f2-0001',
      ticketId: '2025-03-14/A017',
      score: 2,
      reasons: ['long wait', 'unclear explanation'],
    },
    device_status: { commandId: 'r3-90ac11f2-0002', state: 'ok', detail: '' },
  },
  display: {
    device_status: { commandId: 'd1-2c77e0b9-0001', state: 'error', detail: 'no Chinese voice' },
  },
  admin: {
    open_day: { commandId: 'a-6e21f08d-0001', businessDay: null },
    close_day: { commandId: 'a-6e21f08d-0002' },
    cancel: { commandId: 'a-6e21f08d-0003', ticketId: '2025-03-14/B004' },
    unpark: { commandId: 'a-6e21f08d-0004', ticketId: '2025-03-14/A017' },
    create_device: {
      commandId: 'a-6e21f08d-0005',
      kind: 'window_terminal',
      name: 'Window 3 terminal',
      windowId: 'w3',
    },
    list_devices: { commandId: 'a-6e21f08d-0006' },
    rename_device: {
      commandId: 'a-6e21f08d-0016',
      deviceId: 'dev-3f9a',
      name: 'Kiosk at the north door',
    },
    unpair_device: { commandId: 'a-6e21f08d-0017', deviceId: 'dev-3f9a' },
    report: { commandId: 'a-6e21f08d-0007', from: '2025-03-01', to: '2025-03-31', by: 'service' },
    list_complaints: { commandId: 'a-6e21f08d-0008', filter: 'open' },
    complaint_action: {
      commandId: 'a-6e21f08d-0009',
      complaintId: '2025-03-14/C001',
      action: 'note',
      text: 'Called the visitor; the missing form is now online.',
    },
    open_complaint: {
      commandId: 'a-6e21f08d-0018',
      contact: '138 1234 5678',
      summary: 'Sent from window to window three times for one stamp.',
      serviceId: 'estate-reg',
      windowId: 'w7',
      staffCode: null,
      ticketId: null,
    },
    change_config: {
      commandId: 'a-6e21f08d-0010',
      change: {
        kind: 'policy',
        policy: {
          priorityRatio: 2,
          maxWaitMinutes: 45,
          recallLimit: 2,
          appointmentGraceMinutes: 15,
          complaintDeadlineDays: 15,
          callbackDeadlineDays: 1,
        },
      },
    },
    set_staff_pin: { commandId: 'a-6e21f08d-0011', staffCode: 'S0042', pin: '730519' },
    unlock_staff: { commandId: 'a-6e21f08d-0019', staffCode: 'S0042' },
    audit: {
      commandId: 'a-6e21f08d-0012',
      from: 1741910400000,
      to: 1741996799999,
      ticketId: null,
      windowId: 'w3',
      staffCode: null,
      type: 'ticket_called',
      afterSeq: 0,
      limit: 100,
    },
    list_instructions: { commandId: 'a-6e21f08d-0020' },
    answer_instruction: {
      commandId: 'a-6e21f08d-0021',
      instructionId: 'I-7QK2M9XPD4',
      answer: '已约谈窗口负责人，三个工作日内完成整改并回访投诉人。',
    },
    list_platform_uploads: { commandId: 'a-6e21f08d-0022', filter: 'refused' },
    resend_platform_upload: { commandId: 'a-6e21f08d-0023', recordId: 17 },
    book_appointment: {
      commandId: 'a-6e21f08d-0013',
      code: '381920',
      serviceId: 'estate-reg',
      slotAt: 1741917600000,
      phoneLast4: '0417',
    },
    cancel_appointment: { commandId: 'a-6e21f08d-0014', appointmentId: 'ap-5f0c2a9e41d7' },
    answer_assist: { commandId: 'a-6e21f08d-0015', requestId: '2025-03-14/H2' },
    close_assist: {
      commandId: 'a-6e21f08d-0016',
      requestId: '2025-03-14/H2',
      reason: 'helped_at_kiosk',
    },
    book_day: { commandId: 'a-6e21f08d-0030', businessDay: '2025-03-14', serviceId: null },
    book_change: {
      commandId: 'a-6e21f08d-0031',
      change: { kind: 'move', appointmentId: 'ap-5f0c2a9e41d7', slotAt: 1741919400000 },
    },
    list_outbox: { commandId: 'a-6e21f08d-0032', status: 'failed' },
    resend_outbox: { commandId: 'a-6e21f08d-0033', source: 'visitor', id: 42 },
  },
};
